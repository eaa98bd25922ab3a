/**
 * A loopback receiver that verifies messages the way each robot's documentation says the
 * platform does: DingTalk's `timestamp`/`sign` query (HMAC-SHA256 of "timestamp\nsecret" keyed
 * by the secret, base64, within one hour), WeCom's `key`, Feishu's body `timestamp`/`sign`
 * (HMAC-SHA256 keyed by "timestamp\nsecret" over nothing, base64, within one hour), and the
 * generic webhook's `X-Onetap-Signature` over "timestamp.body". It answers in each robot's
 * format, and can fail the first N requests to exercise retries.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  robot: 'dingtalk' | 'wecom' | 'feishu' | 'webhook';
  verified: boolean;
  body: Record<string, unknown>;
  at: number;
}

export interface RobotReceiver {
  url: string;
  urls: { dingtalk: string; wecom: string; feishu: string; webhook: string };
  received: Received[];
  /** Answer 503 to the next `n` requests. */
  failNext(n: number): void;
  /** Requests seen, including failed ones. */
  hits(): number;
  close(): Promise<void>;
}

const eq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startRobotReceiver(opts: { secret: string; token: string; now?: () => number }): Promise<RobotReceiver> {
  const now = opts.now ?? Date.now;
  const received: Received[] = [];
  let failing = 0;
  let hits = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      hits++;
      const text = await readBody(req);
      const u = new URL(req.url ?? '/', 'http://x');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (failing > 0) {
        failing--;
        return reply(503, { error: 'busy' });
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return reply(400, { errcode: 40001, errmsg: 'bad json' });
      }
      if (u.pathname === '/robot/send') {
        const ts = u.searchParams.get('timestamp') ?? '';
        const sign = u.searchParams.get('sign') ?? '';
        const expected = createHmac('sha256', opts.secret).update(`${ts}\n${opts.secret}`).digest('base64');
        const verified = u.searchParams.get('access_token') === opts.token && Math.abs(now() - Number(ts)) < 3_600_000 && eq(sign, expected);
        received.push({ robot: 'dingtalk', verified, body, at: now() });
        return reply(200, verified ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' });
      }
      if (u.pathname === '/cgi-bin/webhook/send') {
        const md = (body.markdown ?? {}) as { content?: string };
        const verified =
          u.searchParams.get('key') === opts.token && body.msgtype === 'markdown' && typeof md.content === 'string' && Buffer.byteLength(md.content) <= 4096;
        received.push({ robot: 'wecom', verified, body, at: now() });
        return reply(200, verified ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' });
      }
      if (u.pathname === `/open-apis/bot/v2/hook/${opts.token}`) {
        const ts = String(body.timestamp ?? '');
        const expected = createHmac('sha256', `${ts}\n${opts.secret}`).update('').digest('base64');
        const verified = Math.abs(now() / 1000 - Number(ts)) < 3600 && eq(String(body.sign ?? ''), expected) && body.msg_type === 'text';
        received.push({ robot: 'feishu', verified, body, at: now() });
        return reply(
          200,
          verified ? { code: 0, msg: 'success', data: {} } : { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
        );
      }
      if (u.pathname === '/hook') {
        const ts = String(req.headers['x-onetap-timestamp'] ?? '');
        const expected = `sha256=${createHmac('sha256', opts.secret).update(`${ts}.${text}`).digest('hex')}`;
        const verified = Math.abs(now() / 1000 - Number(ts)) < 300 && eq(String(req.headers['x-onetap-signature'] ?? ''), expected);
        received.push({ robot: 'webhook', verified, body, at: now() });
        return reply(verified ? 200 : 401, verified ? { ok: true } : { error: 'bad signature' });
      }
      reply(404, { error: 'no such hook' });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urls: {
      dingtalk: `${url}/robot/send?access_token=${opts.token}`,
      wecom: `${url}/cgi-bin/webhook/send?key=${opts.token}`,
      feishu: `${url}/open-apis/bot/v2/hook/${opts.token}`,
      webhook: `${url}/hook`,
    },
    received,
    failNext: (n) => (failing = n),
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
