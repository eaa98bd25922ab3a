/**
 * The emulator's HTTP front: one node:http server for the management API (signed, §1–§3),
 * the gateway endpoints (§4) and the sandbox. Bodies are capped at 1 MiB; every failure,
 * including a bug, becomes a documented error response, never a crash. Faults are injected
 * here, on authenticated GET requests of the management API only, so state-changing calls
 * and gateway tests stay deterministic.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signResponse, signResponseDigest } from '../../shared/platform/signing';
import { issueSandboxToken } from '../gateway/sandbox';
import { loginTokenValidate } from '../gateway/login-token-validate';
import { tokenValidate } from '../gateway/token-validate';
import type { EmulatedPlatform } from '../platform';
import { normaliseRemoteAddress } from '../state/ip-whitelist';
import { Authenticator } from './auth';
import { EmulatorError } from './errors';
import { routes, type Route, type RouteResult } from './management';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Oversized bodies are read (and dropped) up to this much so the client can read the 413; beyond it the connection is cut. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

type Signer = { secret: string; nonce: string } | null;

interface BodyResult {
  body: Buffer;
  tooLarge: boolean;
}

function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        reject(new Error('body far too large'));
      }
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

const GATEWAY_PATHS = new Set(['/unisdk/rsapi/loginTokenValidate', '/openapi/rs/tokenValidate', '/sandbox/tokens']);

export interface EmulatorServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startHttp(platform: EmulatedPlatform, host: string, port: number): Promise<EmulatorServer> {
  const auth = new Authenticator(platform.keys);
  const keysByAccess = new Map(platform.keys.map((k) => [k.accessKey, k]));
  const timers = new Set<NodeJS.Timeout>();
  /** Last page served per access key and route, for the dup-page fault. */
  const lastPage = new Map<string, URLSearchParams>();
  let requestCounter = 0;

  const later = (ms: number, fn: () => void, res: ServerResponse) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    res.once('close', () => {
      clearTimeout(t);
      timers.delete(t);
    });
  };

  function send(
    res: ServerResponse,
    requestId: string,
    status: number,
    json: string | Buffer,
    signer: Signer,
    cutAt?: number,
    extraHeaders: Record<string, string> = {},
    sha256?: string,
  ): void {
    if (res.headersSent || res.destroyed) return;
    let buf = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
    if (cutAt !== undefined) buf = buf.subarray(0, cutAt);
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': buf.length,
      'Cache-Control': 'no-store',
      'X-Request-Id': requestId,
      ...extraHeaders,
    };
    if (signer)
      headers['X-Signature'] =
        sha256 !== undefined && cutAt === undefined
          ? signResponseDigest(signer.secret, status, signer.nonce, sha256)
          : signResponse(signer.secret, status, signer.nonce, buf);
    res.writeHead(status, headers);
    res.end(buf);
  }

  function sendError(res: ServerResponse, requestId: string, e: EmulatorError, signer: Signer, extraHeaders?: Record<string, string>): void {
    send(res, requestId, e.status, JSON.stringify(e.body(requestId)), signer, undefined, extraHeaders);
  }

  /** Best-effort signer for responses that fail before authentication completes. */
  function signerOf(req: IncomingMessage): Signer {
    const ak = req.headers['x-access-key'];
    const nonce = req.headers['x-nonce'];
    const key = typeof ak === 'string' ? keysByAccess.get(ak) : undefined;
    return key && typeof nonce === 'string' && nonce !== '' ? { secret: key.secretKey, nonce } : null;
  }

  function parseJson(body: Buffer): unknown {
    if (body.length === 0) throw new EmulatorError('INVALID_JSON', 'a JSON body is required');
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new EmulatorError('INVALID_JSON', 'the body is not valid JSON');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const isManagement = rawPath.startsWith('/v1/');

    let signer: Signer = isManagement ? signerOf(req) : null;
    let route: Route | undefined;
    let params: string[] = [];
    if (isManagement) {
      const matching = routes.filter((r) => r.pattern.test(rawPath));
      if (matching.length === 0) {
        req.resume();
        return sendError(res, requestId, new EmulatorError('NOT_FOUND', `no such endpoint: ${rawPath}`), signer);
      }
      route = matching.find((r) => r.method === method);
      if (!route) {
        req.resume();
        return sendError(res, requestId, new EmulatorError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${rawPath}`), signer, {
          Allow: matching.map((r) => r.method).join(', '),
        });
      }
      try {
        params = route.pattern
          .exec(rawPath)!
          .slice(1)
          .map((p) => decodeURIComponent(p));
      } catch {
        req.resume();
        return sendError(res, requestId, new EmulatorError('NOT_FOUND', `no such endpoint: ${rawPath}`), signer);
      }
    } else if (!GATEWAY_PATHS.has(rawPath)) {
      req.resume();
      return sendError(res, requestId, new EmulatorError('NOT_FOUND', `no such endpoint: ${rawPath}`), null);
    } else if (method !== 'POST') {
      req.resume();
      return sendError(res, requestId, new EmulatorError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${rawPath}`), null, { Allow: 'POST' });
    }

    let body: BodyResult;
    try {
      body = await readBody(req);
    } catch {
      return;
    }
    if (body.tooLarge) {
      return sendError(res, requestId, new EmulatorError('PAYLOAD_TOO_LARGE', `request bodies are limited to ${MAX_BODY_BYTES} bytes`), signer);
    }

    if (!route) {
      const remote = normaliseRemoteAddress(req.socket.remoteAddress);
      const raw = body.body.toString('utf8');
      if (rawPath === '/sandbox/tokens') {
        const token = issueSandboxToken(platform.gateway, parseJson(body.body));
        return send(res, requestId, 200, JSON.stringify(token), null);
      }
      const r = rawPath === '/openapi/rs/tokenValidate' ? tokenValidate(platform.gateway, raw, remote) : loginTokenValidate(platform.gateway, raw, remote);
      return send(res, requestId, r.status, JSON.stringify(r.body), null);
    }

    const now = platform.now();
    const a = auth.authenticate({ method, rawPath, query, headers: req.headers, body: body.body, now });
    if (!a.ok) {
      signer = a.key && a.nonce ? { secret: a.key.secretKey, nonce: a.nonce } : null;
      return sendError(res, requestId, a.error, signer);
    }
    signer = { secret: a.key.secretKey, nonce: a.nonce };
    if (!route.roles.includes(a.key.role)) {
      return sendError(res, requestId, new EmulatorError('FORBIDDEN', `the ${a.key.role} role may not ${method} ${rawPath}`), signer);
    }

    const fault = method === 'GET' ? platform.faults.draw() : null;
    if (fault === '500') return sendError(res, requestId, new EmulatorError('INTERNAL_ERROR', 'injected fault: internal error'), signer);
    if (fault === 'timeout') {
      later(platform.faults.current.hangMs, () => res.destroy(), res);
      return;
    }
    const pageKey = `${a.key.accessKey} ${route.pattern.source}`;
    let effectiveQuery = query;
    if (fault === 'dup-page' && route.paged && lastPage.has(pageKey)) effectiveQuery = lastPage.get(pageKey)!;
    else if (route.paged) lastPage.set(pageKey, query);

    const bodyBuf = body.body;
    const result: RouteResult = route.handle({ platform, key: a.key, params, query: effectiveQuery, body: () => parseJson(bodyBuf) });
    if (fault === 'truncate') return send(res, requestId, result.status, result.json, signer, platform.faults.cutPoint(Buffer.byteLength(result.json)));
    if (fault === 'slow') return later(platform.faults.current.slowMs, () => send(res, requestId, result.status, result.json, signer), res);
    send(res, requestId, result.status, result.json, signer, undefined, {}, result.sha256);
  }

  const server = createServer((req, res) => {
    const requestId = `req_${(++requestCounter).toString(16).padStart(8, '0')}`;
    handle(req, res, requestId).catch((e: unknown) => {
      const signer = (req.url ?? '').startsWith('/v1/') ? signerOf(req) : null;
      if (e instanceof EmulatorError) return sendError(res, requestId, e, signer);
      process.stderr.write(`onetap emulator: internal error on ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      sendError(res, requestId, new EmulatorError('INTERNAL_ERROR', 'internal error'), signer);
    });
  });
  server.keepAliveTimeout = 5_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        url: `http://${hostForUrl}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t);
            timers.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
