/**
 * Files the browser hands to the host (browser mode): an export and its manifest to verify. The
 * page names no paths on the host; it uploads, and the call names the upload by its random id.
 * Each upload is a folder of its own under `<data dir>/uploads` (0700, files 0600), removed when
 * it has been used or has expired.
 */
import { ServiceKey } from './context';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../../../shared/contract/errors';

export const UPLOADS_EXTENSION = new ServiceKey<UploadRegistry>('uploads');
/** Larger than any export the console writes in practice (hundreds of MB), smaller than a full disk. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
export const UPLOAD_ID = /^[A-Za-z0-9_-]{32}$/;
const TTL_MS = 30 * 60_000;

/** A file name from the page: its last path segment, no control characters, at most 200 characters. */
export function safeUploadName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  if (!base || base === '.' || base === '..' || base.startsWith('.'))
    throw new ApiError('INVALID_INPUT', 'name: not a usable file name', { fields: { name: 'not a usable file name' } });
  return base;
}

export class UploadRegistry {
  private readonly items = new Map<string, { dir: string; file: string | null; expiresAt: number }>();

  constructor(
    private readonly root: string,
    private readonly maxBytes = MAX_UPLOAD_BYTES,
  ) {}

  /**
   * Stores `body` as the upload's export file (a new upload) or as its manifest (beside the file,
   * named `<file>.manifest.json`, whatever the page called it). Over the limit: PAYLOAD_TOO_LARGE
   * and nothing is kept.
   */
  async receive(body: Readable, role: 'file' | 'manifest', name: string, uploadId: string | null, now = Date.now()): Promise<string> {
    this.expire(now);
    let id: string;
    let target: string;
    if (role === 'file') {
      const fileName = safeUploadName(name);
      id = randomBytes(24).toString('base64url');
      const dir = join(this.root, id);
      mkdirSync(this.root, { recursive: true, mode: 0o700 });
      mkdirSync(dir, { mode: 0o700 });
      this.items.set(id, { dir, file: null, expiresAt: now + TTL_MS });
      target = join(dir, fileName);
      this.items.get(id)!.file = target;
    } else {
      const item = uploadId !== null && UPLOAD_ID.test(uploadId) ? this.items.get(uploadId) : undefined;
      if (!item?.file) throw new ApiError('NOT_FOUND', 'upload: no such upload (upload the export file first)');
      id = uploadId!;
      target = `${item.file}.manifest.json`;
    }
    let bytes = 0;
    const max = role === 'file' ? this.maxBytes : 1 << 20;
    const limit = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        bytes += chunk.length;
        if (bytes > max) cb(new ApiError('PAYLOAD_TOO_LARGE', `the ${role} is over ${max} bytes`));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      if (role === 'file') this.discard(id);
      else rmSync(target, { force: true });
      throw e;
    }
    return id;
  }

  /** The export file of an upload, or null. */
  file(id: string, now = Date.now()): string | null {
    this.expire(now);
    return (UPLOAD_ID.test(id) && this.items.get(id)?.file) || null;
  }

  discard(id: string): void {
    const item = this.items.get(id);
    this.items.delete(id);
    if (item) rmSync(item.dir, { recursive: true, force: true });
  }

  private expire(now: number): void {
    for (const [id, item] of this.items) if (item.expiresAt < now) this.discard(id);
  }

  /** Removes every upload (host shutdown), and folders a previous run left behind. */
  clear(): void {
    for (const id of [...this.items.keys()]) this.discard(id);
    try {
      for (const name of readdirSync(this.root)) rmSync(join(this.root, name), { recursive: true, force: true });
    } catch {
      // no uploads folder
    }
  }
}
