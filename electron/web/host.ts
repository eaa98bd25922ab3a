/**
 * The browser-mode door: the built renderer and every contract call over HTTP on loopback.
 * POST /api/<call> (JSON in, JSON out), GET /api/events (Server-Sent Events), GET /files/<id>
 * (single-use download links). Every /api request needs `Authorization: Bearer <token>`, a
 * random token per launch handed to the page in the URL fragment.
 */
import { createReadStream, existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../shared/contract';
import type { ServiceContext } from '../main/services/core/context';
import { dispatch, toErrorBody, type Handlers } from '../main/services/core/dispatch';
import { DOWNLOADS_EXTENSION, DownloadRegistry } from '../main/services/core/downloads';
import { MAX_UPLOAD_BYTES, UPLOADS_EXTENSION, UploadRegistry } from '../main/services/core/uploads';
import { SECURITY_HEADERS } from './security-headers';
import { staticFiles } from './static-files';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Time to receive a whole request (headers and body); a client that stalls is cut off. */
export const REQUEST_TIMEOUT_MS = 60_000;
export const HEADERS_TIMEOUT_MS = 20_000;

export interface HostOptions {
  ctx: ServiceContext;
  handlers: Handlers;
  port?: number;
  host?: string;
  /** Folder of the built renderer (out/renderer); null serves the API only (dev mode). */
  staticDir: string | null;
  token?: string;
  /** Overrides REQUEST_TIMEOUT_MS (tests). */
  requestTimeoutMs?: number;
}

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  const err = toErrorBody(e);
  sendJson(res, err.status, { error: err.toBody() });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A URL path segment decoded, or INVALID_INPUT (400) for malformed percent-encoding such as `/%` or `%E0%A4%A`. */
function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError('INVALID_INPUT', 'malformed percent-encoding in the URL');
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const tooLarge = (): ApiError => new ApiError('PAYLOAD_TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`);
  const declared = Number(req.headers['content-length'] ?? 0);
  // Answered at once (413), not by resetting the connection: Node drains the unread rest of the
  // body after the response, within the request timeout.
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        if (chunks.length > 0) chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const bindHost = opts.host ?? '127.0.0.1';
  const files = opts.staticDir ? staticFiles(opts.staticDir) : null;
  // Compressed copies are made in the background so the first page load finds them ready.
  void files?.warm();
  const downloads = new DownloadRegistry();
  opts.ctx.extensions.set(DOWNLOADS_EXTENSION, downloads);
  const uploads = new UploadRegistry(join(opts.ctx.dataDir, 'uploads'));
  uploads.clear();
  opts.ctx.extensions.set(UPLOADS_EXTENSION, uploads);
  const sseClients = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const unsubscribe = opts.ctx.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!tokenMatches(req.headers.authorization, token)) {
      throw new ApiError('UNAUTHORIZED', 'missing or wrong bearer token');
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') throw new ApiError('INVALID_INPUT', 'events are read with GET');
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        sseClients.delete(res);
      });
      return;
    }
    if (req.method !== 'POST') throw new ApiError('INVALID_INPUT', 'contract calls are made with POST');
    const name = decodePath(path.slice('/api/'.length));
    const raw = await readBody(req);
    let input: unknown = {};
    if (raw.length > 0) {
      try {
        input = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new ApiError('INVALID_INPUT', 'request body is not valid JSON');
      }
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const out = await dispatch(opts.handlers, opts.ctx, name, input, abort.signal);
    sendJson(res, 200, out ?? null);
  }

  /** POST /uploads?role=file&name=N → { upload }; POST /uploads?role=manifest&upload=ID → { upload }. Raw body. */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!tokenMatches(req.headers.authorization, token)) throw new ApiError('UNAUTHORIZED', 'missing or wrong bearer token');
    if (req.method !== 'POST') throw new ApiError('INVALID_INPUT', 'uploads are made with POST');
    const role = url.searchParams.get('role');
    if (role !== 'file' && role !== 'manifest') throw new ApiError('INVALID_INPUT', 'role: file or manifest', { fields: { role: 'file or manifest' } });
    // A declared length over the limit is answered before reading (413, not a reset).
    if (Number(req.headers['content-length'] ?? 0) > (role === 'file' ? MAX_UPLOAD_BYTES : 1 << 20))
      throw new ApiError('PAYLOAD_TOO_LARGE', `the ${role} is too large`);
    const id = await uploads.receive(req, role, url.searchParams.get('name') ?? '', url.searchParams.get('upload'), opts.ctx.clock.now());
    sendJson(res, 200, { upload: id });
  }

  function handleDownload(res: ServerResponse, id: string): void {
    const d = downloads.take(id, opts.ctx.clock.now());
    if (!d || !existsSync(d.path)) {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'download link expired or already used' } });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': d.contentType,
      'Content-Length': String(statSync(d.path).size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(d.filename)}`,
      'Cache-Control': 'no-store',
    });
    const s = createReadStream(d.path);
    s.pipe(res);
    s.on('close', () => {
      if (d.removeAfter) rmSync(d.path, { force: true });
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, path: string): void {
    try {
      decodePath(path);
    } catch (e) {
      sendError(res, e);
      return;
    }
    if (!files) {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no renderer is served (api-only mode)' } });
      return;
    }
    files.handle(req, res, path);
  }

  const requestTimeout = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // These bound receiving a request, not answering it: a long export and an SSE stream (whose
  // GET is received at once) are not cut off, but a client trickling headers or a body is (408).
  const timeouts = {
    requestTimeout,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(requestTimeout / 4))),
  };
  const server = createServer(timeouts, (req, res) => {
    void (async () => {
      try {
        // A page on another origin resolving a name to 127.0.0.1 (DNS rebinding) is refused by Host.
        if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
          throw new ApiError('FORBIDDEN', 'unexpected Host header');
        }
        const url = new URL(req.url ?? '/', 'http://localhost');
        const path = url.pathname;
        if (path === '/api' || path.startsWith('/api/')) await handleApi(req, res, path);
        else if (path === '/uploads') await handleUpload(req, res, url);
        else if (path.startsWith('/files/')) handleDownload(res, path.slice('/files/'.length));
        else if (req.method === 'GET' || req.method === 'HEAD') handleStatic(req, res, path);
        else throw new ApiError('NOT_FOUND', 'not found');
      } catch (e) {
        if (!res.headersSent) sendError(res, e);
        else res.end();
      }
    })();
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, bindHost, () => ok());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const origin = `http://${urlHost}:${address.port}`;
  allowedHosts = new Set([`${urlHost}:${address.port}`, `localhost:${address.port}`, `127.0.0.1:${address.port}`].map((h) => h.toLowerCase()));

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    server,
    close: () =>
      new Promise<void>((done) => {
        unsubscribe();
        uploads.clear();
        for (const c of sseClients) c.end();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
