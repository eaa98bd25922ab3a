/**
 * Where an export's bytes go while it runs: a temporary file beside the target (same folder, so
 * the final rename is atomic), hashed and counted on the way through. Until it is renamed into
 * place nothing at the target changes; `discard` removes it, so a cancelled or failed export
 * leaves nothing behind.
 *
 * Constant memory: text is encoded (or a writer writes its bytes: `fill`) into two reusable 1 MiB
 * buffers in turn — one fills while the other is being written — so the file gets few, large
 * writes that overlap the formatting of the next rows, and however fast rows come, at most one
 * buffer is in flight (a writer's `await` holds it back otherwise: backpressure). Small pieces in,
 * large writes out. (A fresh Buffer per chunk lives outside the JS heap until a full GC finds it,
 * and over millions of rows those pile up to tens of megabytes of resident memory before V8 notices.)
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
  private readonly buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
  /** The buffer filling, and how far. */
  private current = 0;
  private filled = 0;
  /** The write of the other buffer, while it runs. */
  private inflight: Promise<void> | null = null;
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

  /**
   * Takes text (UTF-8) or bytes, in order. Resolves once they are taken: buffered, or handed to the
   * file while at most one earlier buffer is still being written. `finish` waits for the rest.
   */
  async write(chunk: string | Buffer): Promise<void> {
    if (typeof chunk === 'string' && chunk.length * 3 <= BUFFER_BYTES) {
      // UTF-8 needs at most 3 bytes per UTF-16 unit.
      if (chunk.length * 3 > BUFFER_BYTES - this.filled) await this.flush();
      this.filled += this.buffers[this.current]!.write(chunk, this.filled, 'utf8');
      return;
    }
    if (typeof chunk !== 'string' && chunk.length <= BUFFER_BYTES) {
      // Copied: the caller may reuse its buffer as soon as this resolves (parallel-csv hands it back).
      if (chunk.length > BUFFER_BYTES - this.filled) await this.flush();
      this.filled += chunk.copy(this.buffers[this.current]!, this.filled);
      return;
    }
    await this.settle();
    return this.put(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }

  /**
   * Bytes written straight into the buffer filling, without a string or a copy in between: `fill`
   * gets the buffer and where to write from and returns the end of what it wrote. When it wrote
   * nothing (no room), the buffer goes to the file and `fill` gets an empty one; false when it wrote
   * nothing into an empty buffer either (the caller writes that piece as text instead).
   */
  async fill(fill: (buf: Buffer, at: number) => number): Promise<boolean> {
    for (;;) {
      const at = this.filled;
      const end = fill(this.buffers[this.current]!, at);
      if (end > at) {
        this.filled = end;
        return true;
      }
      if (at === 0) return false;
      await this.flush();
    }
  }

  /** Starts writing the filled buffer (once the one in flight has landed) and fills the other. */
  private async flush(): Promise<void> {
    if (this.filled === 0) return;
    await this.landed();
    const view = this.buffers[this.current]!.subarray(0, this.filled);
    this.current ^= 1;
    this.filled = 0;
    const p = this.put(view);
    // Handled here so a failure waiting to be awaited is not an unhandled rejection; `landed` rethrows it.
    p.catch(() => undefined);
    this.inflight = p;
  }

  private async landed(): Promise<void> {
    const p = this.inflight;
    this.inflight = null;
    if (p) await p;
  }

  /** Everything taken so far is in the file. */
  private async settle(): Promise<void> {
    await this.flush();
    await this.landed();
  }

  /** A Writable onto the same file, for libraries that want a stream (the XLSX writer). */
  get stream(): Writable {
    this.writable ??= new Writable({
      highWaterMark: 1 << 16,
      write: (chunk: Buffer, _enc, cb) => {
        this.settle()
          .then(() => this.put(chunk))
          .then(() => cb(), cb);
      },
    });
    return this.writable;
  }

  /** Waits for everything written, flushes the file to disk and closes it; the hash and size. */
  async finish(): Promise<SinkResult> {
    await this.settle();
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
    this.filled = 0;
    await this.landed().catch(() => undefined);
    await this.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
    markDone(this.tempPath);
  }
}
