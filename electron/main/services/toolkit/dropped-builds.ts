/**
 * Build files the user dropped (or picked) in the Electron window, which `toolkit.inspect { path }`
 * may read there. A page could name any path; this registry makes the main process read only files
 * the preload reported from a real drop (webUtils.getPathForFile gives a path only for a File the
 * user handed over, never for one a script made), and only build files: a regular file (symlinks
 * resolved) named .apk, .aab or .ipa, within the size bound. Each registration is good for one
 * inspection within a few minutes, and is refused if the file was swapped meanwhile. The inspector
 * returns parsed identity fields only — never the file's bytes.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import { ServiceKey } from '../core/context';
import { BuildFileError } from './builds/errors';

export const DROPPED_BUILDS_EXTENSION = new ServiceKey<DroppedBuilds>('dropped-builds');
export const BUILD_FILE_EXTENSIONS = ['.apk', '.aab', '.ipa'] as const;
/** Larger than any real APK/AAB/IPA (stores cap them at a few GB), smaller than a disk image. */
export const DROPPED_BUILD_MAX_BYTES = 8 * 1024 ** 3;
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 16;

interface Entry {
  real: string;
  dev: number;
  ino: number;
  expiresAt: number;
}

export class DroppedBuilds {
  private readonly items = new Map<string, Entry>();

  constructor(private readonly maxBytes = DROPPED_BUILD_MAX_BYTES) {}

  /** Checks and records a dropped file's path (from the preload); returns it as given. */
  async register(raw: unknown, now: number): Promise<string> {
    if (typeof raw !== 'string' || raw === '' || raw.length > 4096 || raw.includes('\0') || !isAbsolute(raw)) {
      throw new BuildFileError('not-a-file', 'the dropped item is not a file on this computer');
    }
    const ext = extname(raw).toLowerCase();
    if (!(BUILD_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
      throw new BuildFileError(
        'wrong-extension',
        `only build files are read (${BUILD_FILE_EXTENSIONS.join(', ')}), not ${ext || 'a file without an extension'}`,
      );
    }
    let real: string;
    try {
      real = await realpath(raw);
    } catch {
      throw new BuildFileError('not-found', 'the dropped file does not exist');
    }
    const st = await stat(real);
    if (!st.isFile()) throw new BuildFileError('not-a-file', 'the dropped item is not a regular file');
    if (!(BUILD_FILE_EXTENSIONS as readonly string[]).includes(extname(real).toLowerCase())) {
      throw new BuildFileError('wrong-extension', 'the dropped link points to a file that is not a build');
    }
    if (st.size > this.maxBytes) throw new BuildFileError('file-too-large', `the file is over ${this.maxBytes} bytes`);
    this.expire(now);
    this.items.delete(raw);
    this.items.set(raw, { real, dev: st.dev, ino: st.ino, expiresAt: now + TTL_MS });
    while (this.items.size > MAX_ENTRIES) this.items.delete(this.items.keys().next().value!);
    return raw;
  }

  /**
   * The real path of a registered drop, once: FORBIDDEN for a path no drop registered (or one used,
   * expired, or swapped for another file since).
   */
  async take(path: string, now: number): Promise<string> {
    this.expire(now);
    const entry = this.items.get(path);
    this.items.delete(path);
    const refused = new ApiError('FORBIDDEN', 'path: only a build file dropped or picked in this window is read');
    if (!entry) throw refused;
    let st;
    try {
      st = await stat(entry.real);
    } catch {
      throw new BuildFileError('not-found', 'the dropped file is gone');
    }
    if (!st.isFile() || st.dev !== entry.dev || st.ino !== entry.ino) throw refused;
    return entry.real;
  }

  private expire(now: number): void {
    for (const [k, e] of this.items) if (e.expiresAt <= now) this.items.delete(k);
  }
}
