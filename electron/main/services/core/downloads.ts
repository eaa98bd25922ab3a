import { randomBytes } from 'node:crypto';
import { ServiceKey } from './context';

/**
 * Files the browser host hands out by link (exports, statements): a random single-use id
 * stands in for the bearer token, because a plain <a href> download cannot send a header.
 */
export interface Download {
  path: string;
  filename: string;
  contentType: string;
  expiresAt: number;
  /** Remove the file after it was served (temporary renders). */
  removeAfter: boolean;
}

export class DownloadRegistry {
  private readonly items = new Map<string, Download>();

  add(d: Omit<Download, 'expiresAt'> & { ttlMs?: number }, now = Date.now()): string {
    const id = randomBytes(24).toString('base64url');
    this.items.set(id, {
      path: d.path,
      filename: d.filename,
      contentType: d.contentType,
      removeAfter: d.removeAfter,
      expiresAt: now + (d.ttlMs ?? 10 * 60_000),
    });
    return id;
  }

  take(id: string, now = Date.now()): Download | null {
    const d = this.items.get(id);
    this.items.delete(id);
    if (!d || d.expiresAt < now) return null;
    return d;
  }
}

export const DOWNLOADS_EXTENSION = new ServiceKey<DownloadRegistry>('downloads');
