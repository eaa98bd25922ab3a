/**
 * A minimal signed client of the management API for tests (the emulator's own, and other
 * areas' that want to poke the emulator directly). It signs like platform-api §1 says and
 * reports whether the response signature verified; it does not retry or validate bodies —
 * that is the real platform client's job.
 */
import { randomBytes } from 'node:crypto';
import { signRequest, signResponse, signaturesEqual, sortedQuery } from '../../shared/platform/signing';

export interface ClientKey {
  accessKey: string;
  secretKey: string;
}

export interface RequestOptions {
  query?: Record<string, string | number> | URLSearchParams;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  /** Override signing inputs (to test rejections). */
  timestamp?: string;
  nonce?: string;
  signature?: string;
  /** Extra or replacing headers; a null value removes the header. */
  headers?: Record<string, string | null>;
  signal?: AbortSignal;
}

export interface SignedResponse<T = unknown> {
  status: number;
  headers: Headers;
  raw: Buffer;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: T;
  /** Whether X-Signature is present and matches (platform-api §1). */
  signatureValid: boolean;
  nonce: string;
}

export class SignedClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: ClientKey,
    private readonly now: () => number = Date.now,
  ) {}

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<SignedResponse<T>> {
    const params = opts.query instanceof URLSearchParams ? opts.query : new URLSearchParams(Object.entries(opts.query ?? {}).map(([k, v]) => [k, String(v)]));
    const query = sortedQuery(params);
    const body: string | Buffer =
      opts.body === undefined ? '' : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
    const timestamp = opts.timestamp ?? String(this.now());
    const nonce = opts.nonce ?? randomBytes(16).toString('hex');
    const signature = opts.signature ?? signRequest(this.key.secretKey, { method, path, query, timestamp, nonce, body });
    const headers: Record<string, string> = {
      'X-Access-Key': this.key.accessKey,
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': signature,
      ...(body !== '' ? { 'Content-Type': 'application/json' } : {}),
    };
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v === null) delete headers[k];
      else headers[k] = v;
    }
    const res = await fetch(`${this.baseUrl}${path}${query ? `?${query}` : ''}`, {
      method,
      headers,
      ...(body !== '' ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const raw = Buffer.from(await res.arrayBuffer());
    const text = raw.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const given = res.headers.get('x-signature');
    const signatureValid = given !== null && signaturesEqual(given, signResponse(this.key.secretKey, res.status, nonce, raw));
    return { status: res.status, headers: res.headers, raw, text, json: json as T, signatureValid, nonce };
  }

  get<T = unknown>(path: string, query?: RequestOptions['query']): Promise<SignedResponse<T>> {
    return this.request<T>('GET', path, query ? { query } : {});
  }

  /** Every item of a paged listing, following the cursor field until hasMore is false. */
  async all<T>(path: string, cursor: 'afterSeq' | 'afterVersion', next: 'nextSeq' | 'nextVersion', limit: number): Promise<T[]> {
    const out: T[] = [];
    let after = 0;
    for (;;) {
      const r = await this.get<{ items: T[]; hasMore: boolean } & Record<string, number>>(path, { [cursor]: after, limit });
      if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${r.text}`);
      out.push(...r.json.items);
      after = r.json[next]!;
      if (!r.json.hasMore) return out;
    }
  }
}
