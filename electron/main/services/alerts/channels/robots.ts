/**
 * Each chat robot's documented message format and signing:
 * - DingTalk custom robot (自定义机器人, 加签): `timestamp` (ms) and `sign` =
 *   urlencode(base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret))) as query parameters;
 *   body {msgtype: "markdown", markdown: {title, text}}; answer {errcode: 0}.
 * - WeCom group robot (企业微信群机器人): the key is in the URL, no signature;
 *   body {msgtype: "markdown", markdown: {content}}; answer {errcode: 0}.
 * - Feishu / Lark custom bot (签名校验): `timestamp` (s) and `sign` =
 *   base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = "")) in the body;
 *   body {timestamp, sign, msg_type: "text", content: {text}}; answer {code: 0}.
 * - Generic webhook: the JSON body, `X-Onetap-Timestamp` (s) and `X-Onetap-Signature:
 *   sha256=` hex(HMAC-SHA256(key = secret, msg = timestamp + "." + body)); any 2xx is success.
 */
import { createHmac } from 'node:crypto';
import type { ChannelKind } from '../../../../../shared/contract/alerts';

export interface RobotMessage {
  title: string;
  /** Plain lines; robots that render markdown get them as a list. */
  lines: string[];
  /** Machine-readable payload for the generic webhook. */
  data: Record<string, unknown>;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(timestampSec: number, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

export function webhookSignature(timestampSec: number, body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex')}`;
}

const json = { 'content-type': 'application/json; charset=utf-8' };

/** WeCom refuses markdown content over 4096 bytes; the others are far more generous. */
function clip(s: string, bytes: number): string {
  if (Buffer.byteLength(s) <= bytes) return s;
  let out = s;
  while (Buffer.byteLength(out) > bytes - 3) out = out.slice(0, -16);
  return `${out}…`;
}

export function buildRequest(kind: ChannelKind, url: string, secret: string | null, m: RobotMessage, now: number): OutgoingRequest {
  switch (kind) {
    case 'dingtalk': {
      let target = url;
      if (secret) {
        const u = new URL(url);
        u.searchParams.set('timestamp', String(now));
        u.searchParams.set('sign', dingtalkSign(now, secret));
        target = u.toString();
      }
      const text = `### ${m.title}\n\n${m.lines.map((l) => `- ${l}`).join('\n')}`;
      return { url: target, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text: clip(text, 18_000) } }) };
    }
    case 'wecom': {
      const content = `**${m.title}**\n${m.lines.map((l) => `> ${l}`).join('\n')}`;
      return { url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: clip(content, 4096) } }) };
    }
    case 'feishu': {
      const text = clip(`${m.title}\n${m.lines.join('\n')}`, 20_000);
      const ts = Math.floor(now / 1000);
      const body = secret
        ? { timestamp: String(ts), sign: feishuSign(ts, secret), msg_type: 'text', content: { text } }
        : { msg_type: 'text', content: { text } };
      return { url, headers: json, body: JSON.stringify(body) };
    }
    case 'webhook': {
      const body = JSON.stringify({ title: m.title, text: m.lines.join('\n'), ...m.data });
      const ts = Math.floor(now / 1000);
      const headers: Record<string, string> = { ...json, 'x-onetap-timestamp': String(ts) };
      if (secret) headers['x-onetap-signature'] = webhookSignature(ts, body, secret);
      return { url, headers, body };
    }
  }
}

/** null when the robot accepted the message, else why not (its own words where it gives some). */
export function responseError(kind: ChannelKind, status: number, text: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (kind === 'webhook') return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `unreadable answer: ${text.slice(0, 200)}`;
  }
  const code = kind === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
  if (code === 0 || code === undefined) return code === undefined ? 'answer without a status code' : null;
  const msg = kind === 'feishu' ? (body.msg ?? body.StatusMessage) : body.errmsg;
  return `${String(code)}: ${String(msg ?? '')}`.slice(0, 300);
}

/** The URL as lists show it: the access token / key / hook id masked. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const k of ['access_token', 'key', 'token']) {
      const v = u.searchParams.get(k);
      if (v) u.searchParams.set(k, `${v.slice(0, 4)}…`);
    }
    // Feishu and generic hooks carry the token as the last path segment.
    const segs = u.pathname.split('/');
    const last = segs[segs.length - 1] ?? '';
    if (last.length >= 16) segs[segs.length - 1] = `${last.slice(0, 4)}…`;
    u.pathname = segs.join('/');
    return decodeURI(u.toString());
  } catch {
    return '(invalid URL)';
  }
}
