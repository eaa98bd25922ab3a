/**
 * Where an export's bytes go while it runs: a temporary file beside the target (same folder, so
 * the final rename is atomic), hashed and counted on the way through. Until it is renamed into
 * place nothing at the target changes; `discard` removes it, so a cancelled or failed export
 * leaves nothing behind.
 *
 * Constant memory: text is encoded into one reusable buffer and each write is awaited before
 * the next, so however fast rows come, at most one chunk is in flight. (A fresh Buffer per chunk
 * lives outside the JS heap until a full GC finds it, and over millions of rows those pile up to
 * tens of megabytes of resident memory before V8 notices.)
 */
import { createHash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { markDone, markRunning, partPathFor } from './stale-parts';

export interface SinkResult {
  sha256: string;
  bytes: number;
}

/** Reusable encode buffer; a chunk that might not fit (UTF-8 needs ≤ 3 bytes per UTF-16 unit) gets its own. */
const BUFFER_BYTES = 1 << 20;

export class FileSink {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private writable: Writable | null = null;
  private closed = false;

  private constructor(
    readonly target: string,
    readonly tempPath: string,
    private readonly fh: FileHandle,
  ) {}

  /** Creates the temporary file `.<name>.<pid>.<random>.part` in the target's folder (never clobbering, 0600). */
  static async create(target: string): Promise<FileSink> {
    const tempPath = partPathFor(target);
    markRunning(tempPath);
    try {
      // 0600: an export of records is for its owner until they hand it on.
      const fh = await open(tempPath, 'wx', 0o600);
      return new FileSink(target, tempPath, fh);
    } catch (e) {
      markDone(tempPath);
      throw e;
    }
  }

  /** The part was renamed into place (or removed): it is no longer this process's running part. */
  settled(): void {
    markDone(this.tempPath);
  }

  private async put(view: Buffer): Promise<void> {
    this.hash.update(view);
    this.bytes += view.length;
    let off = 0;
    while (off < view.length) off += (await this.fh.write(view, off, view.length - off)).bytesWritten;
  }

  /** Writes text (UTF-8) or bytes; resolves once they are in the file. */
  async write(chunk: string | Buffer): Promise<void> {
    if (typeof chunk !== 'string') return this.put(chunk);
    if (chunk.length * 3 > BUFFER_BYTES) return this.put(Buffer.from(chunk, 'utf8'));
    const n = this.buffer.write(chunk, 0, 'utf8');
    return this.put(this.buffer.subarray(0, n));
  }

  /** A Writable onto the same file, for libraries that want a stream (the XLSX writer). */
  get stream(): Writable {
    this.writable ??= new Writable({
      highWaterMark: 1 << 16,
      write: (chunk: Buffer, _enc, cb) => {
        this.put(chunk).then(() => cb(), cb);
      },
    });
    return this.writable;
  }

  /** Waits for everything written, flushes the file to disk and closes it; the hash and size. */
  async finish(): Promise<SinkResult> {
    if (this.writable) {
      if (!this.writable.writableEnded) this.writable.end();
      await finished(this.writable);
    }
    await this.fh.datasync();
    await this.close();
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }

  /** Stops writing and removes the temporary file. Safe to call at any point, more than once. */
  async discard(): Promise<void> {
    this.writable?.destroy();
    await this.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
    markDone(this.tempPath);
  }
}
