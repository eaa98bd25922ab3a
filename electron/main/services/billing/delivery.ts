/**
 * Getting a produced file to the user, whichever door they came through:
 *   - Electron: the native save dialog (the shell's 'electron.showSaveDialog' capability), then
 *     the file is written where they chose; cancelling is an answer, not an error;
 *   - browser: the file is written to a private temp folder and handed out once through the
 *     host's DownloadRegistry as a /files/<id> link (an <a href> cannot carry the bearer token);
 *   - the command line: the path given with --out (only there: a page never names a path);
 *   - anywhere else (tests without either): UNSUPPORTED.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, extname, join } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { DeliveryOutput } from '../../../../shared/contract/billing';
import { desktopCapability } from '../core/capabilities';
import type { ServiceContext } from '../core/context';
import { DOWNLOADS_EXTENSION } from '../core/downloads';

export interface ProducedFile {
  filename: string;
  contentType: string;
  /** Dialog filter shown by the save dialog. */
  filter: { name: string; extensions: string[] };
  /** Writes the file's content to `path`. */
  write(path: string): Promise<void>;
  /** From the command line, content of several files written beside `path` instead (returns their paths). */
  writeSeparate?(path: string): Promise<string[]>;
}

export async function deliverFile(ctx: ServiceContext, file: ProducedFile, signal?: AbortSignal, out?: string): Promise<DeliveryOutput> {
  if (out !== undefined) {
    if (ctx.mode !== 'cli')
      throw new ApiError('FORBIDDEN', 'out: a path can only be given from the command line', { fields: { out: 'only from the command line' } });
    // A path from the command line is resolved by the CLI; anything else (relative, NUL bytes) is refused here, before a write.
    if (!isAbsolute(out) || out.includes('\0'))
      throw new ApiError('INVALID_INPUT', `out: ${JSON.stringify(out.slice(0, 200))} is not an absolute path`, { fields: { out: 'not an absolute path' } });
    if (file.writeSeparate) {
      const files = await file.writeSeparate(out).catch(refuseUnwritable(out));
      return { delivery: 'saved', path: files[0]!, filename: basename(files[0]!), files };
    }
    await file.write(out).catch(refuseUnwritable(out));
    return { delivery: 'saved', path: out, filename: basename(out) };
  }
  const save = desktopCapability(ctx, 'showSaveDialog');
  if (save) {
    const path = await save({ defaultName: file.filename, filters: [file.filter] });
    if (path === null) return { delivery: 'cancelled' };
    signal?.throwIfAborted();
    await file.write(path);
    return { delivery: 'saved', path, filename: file.filename };
  }
  const downloads = ctx.extensions.get(DOWNLOADS_EXTENSION);
  if (downloads) {
    // A random name in the OS temp folder: the link carries the real file name, and the host
    // deletes the file once served.
    const path = join(tmpdir(), `onetap-billing-${randomBytes(12).toString('hex')}${extname(file.filename)}`);
    try {
      await file.write(path);
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
    if (signal?.aborted) {
      await rm(path, { force: true });
      signal.throwIfAborted();
    }
    const id = downloads.add({ path, filename: file.filename, contentType: file.contentType, removeAfter: true }, ctx.clock.now());
    return { delivery: 'download', url: `/files/${id}`, filename: file.filename };
  }
  throw new ApiError('UNSUPPORTED', `files cannot be delivered in ${ctx.mode} mode (no save dialog and no download host)`);
}

/** A path the command line cannot write (no such folder, name too long, no permission) is the user's input, not a fault. */
function refuseUnwritable(out: string): (e: unknown) => never {
  return (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENAMETOOLONG' || code === 'EACCES' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EROFS') {
      throw new ApiError('INVALID_INPUT', `out: cannot write ${out.slice(0, 200)} (${code})`, { fields: { out: `cannot write (${code})` } });
    }
    throw e;
  };
}
