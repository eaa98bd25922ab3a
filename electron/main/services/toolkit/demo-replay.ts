/**
 * "Send to the demo": the signature debugger replays a pasted call against the demo workspace's own
 * emulator and shows its answer. The address is never the caller's: the workspace registry names the
 * demo's emulator, which is checked to be plain HTTP on a loopback address, and the path is the
 * scheme's fixed gateway endpoint (or, for a management request, a /v1/ path). Redirects are not
 * followed, the answer is read up to a bound, and only the signing headers of a platform request are
 * forwarded — so the debugger cannot be turned into a way to reach other hosts.
 */
import { isIP } from 'node:net';
import { ApiError } from '../../../../shared/contract/errors';
import { DEMO_REPLAY_BODY_MAX, type DemoReplay, type DemoReplayScheme } from '../../../../shared/contract/toolkit';
import { lookupCode } from '../../../../shared/codes/lookup';
import { extension, type ServiceContext } from '../core/context';
import { WORKSPACES_EXTENSION } from '../workspaces/active';
import { parsePastedRequest } from './signatures/request-text';

const GATEWAY_PATHS: Record<Exclude<DemoReplayScheme, 'platform'>, string> = {
  'login-token-validate': '/unisdk/rsapi/loginTokenValidate',
  'token-validate': '/openapi/rs/tokenValidate',
};
const PLATFORM_METHODS = new Set(['GET', 'POST', 'PATCH', 'DELETE']);
const FORWARDED = ['x-access-key', 'x-timestamp', 'x-nonce', 'x-signature'] as const;
const TIMEOUT_MS = 10_000;
/** Bytes read of the answer at most (the body shown is cut at DEMO_REPLAY_BODY_MAX characters). */
const READ_MAX = 4 * DEMO_REPLAY_BODY_MAX;

/** The demo emulator's base URL, refused unless it is http on a loopback address. */
export function loopbackBase(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('INTERNAL', 'the demo emulator has no usable address');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || (isIP(host) === 6 && host === '::1');
  if (url.protocol !== 'http:' || !loopback || url.username || url.password) {
    throw new ApiError('FORBIDDEN', 'send to the demo goes only to the demo emulator on this machine (loopback)');
  }
  return url;
}

interface Outgoing {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function outgoing(scheme: DemoReplayScheme, text: string): Outgoing {
  let req;
  try {
    req = parsePastedRequest(text);
  } catch (e) {
    throw new ApiError('VALIDATION_FAILED', e instanceof Error ? e.message : String(e), { fields: { request: 'cannot be read' } });
  }
  if (scheme !== 'platform') {
    // The gateway's path, whatever URL a pasted curl command names.
    return { method: 'POST', path: GATEWAY_PATHS[scheme], headers: { 'Content-Type': 'application/json' }, body: req.body };
  }
  if (!req.url) {
    throw new ApiError('VALIDATION_FAILED', 'paste the platform request as a curl command (method, URL, X-* headers, body)', {
      fields: { request: 'a curl command is needed' },
    });
  }
  const url = new URL(req.url, 'http://demo.invalid');
  if (!url.pathname.startsWith('/v1/')) {
    throw new ApiError('VALIDATION_FAILED', 'only management API paths (/v1/…) are replayed to the demo', { fields: { request: 'not a /v1/ path' } });
  }
  if (!PLATFORM_METHODS.has(req.method)) {
    throw new ApiError('VALIDATION_FAILED', `method ${req.method} is not part of the platform API`, { fields: { request: 'unsupported method' } });
  }
  const headers: Record<string, string> = {};
  for (const h of FORWARDED) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
  if (req.body !== '') headers['content-type'] = 'application/json';
  return { method: req.method, path: url.pathname + url.search, headers, body: req.body };
}

async function readBounded(res: Response): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > READ_MAX) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (text.length > DEMO_REPLAY_BODY_MAX) {
    text = text.slice(0, DEMO_REPLAY_BODY_MAX);
    truncated = true;
  }
  return { text, truncated };
}

function resultCodeOf(scheme: DemoReplayScheme, status: number, text: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (scheme === 'login-token-validate') return typeof o['resultcode'] === 'string' ? o['resultcode'] : null;
  if (scheme === 'token-validate') {
    const header = o['header'] as Record<string, unknown> | undefined;
    return typeof header?.['resultCode'] === 'string' ? header['resultCode'] : null;
  }
  return status >= 200 && status < 300 ? null : typeof o['code'] === 'string' ? o['code'] : null;
}

export async function sendToDemo(ctx: ServiceContext, scheme: DemoReplayScheme, text: string, signal?: AbortSignal): Promise<DemoReplay> {
  const out = outgoing(scheme, text);
  const registry = extension(ctx, WORKSPACES_EXTENSION);
  if (!registry.demoEmulatorUrl) throw new ApiError('UNSUPPORTED', 'the demo is not available here (a database file opened on its own)');
  const base = loopbackBase(await registry.demoEmulatorUrl());
  const target = new URL(out.path, base);
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(target, {
      method: out.method,
      headers: out.headers,
      redirect: 'manual',
      ...(out.method !== 'GET' && out.method !== 'DELETE' ? { body: out.body } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (e) {
    if (signal?.aborted) throw new ApiError('CANCELLED', 'cancelled');
    throw new ApiError('PLATFORM_UNREACHABLE', `the demo emulator did not answer (${e instanceof Error ? e.message : String(e)})`);
  }
  const { text: body, truncated } = await readBounded(res);
  const resultCode = resultCodeOf(scheme, res.status, body);
  const kind = scheme === 'login-token-validate' ? 'gateway-login' : 'gateway-verify';
  const entry = resultCode !== null && scheme !== 'platform' ? lookupCode(resultCode, { preferKinds: [kind], operator: 'CMCC' }) : null;
  return { method: out.method, path: out.path, status: res.status, body, truncated, resultCode, entry };
}
