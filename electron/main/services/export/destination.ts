/**
 * Where an export is written, by door:
 *  - CLI (and scripts driving the services): the absolute path given as `out`;
 *  - desktop app: a path the user picks in the native save dialog (a page never names a path,
 *    so a compromised renderer cannot write files where it likes);
 *  - browser mode: `<data dir>/exports/<export id>/<name>` on the host, handed to the browser as
 *    single-use download links (file and manifest). The copy stays on the host so it can be
 *    verified by export id later.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { ExportFormat, ExportLocale } from '../../../../shared/contract/export';
import { shanghaiDate, toShanghaiIso } from '../../../../shared/time/shanghai';
import { desktopCapability } from '../core/capabilities';
import type { ServiceContext } from '../core/context';
import { DOWNLOADS_EXTENSION } from '../core/downloads';

const BASE_NAME: Record<ExportLocale, string> = { 'zh-CN': '认证记录', 'en-US': 'auth-records' };

export const CONTENT_TYPES: Record<ExportFormat | 'manifest', string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
  manifest: 'application/json; charset=utf-8',
};

/** `认证记录-20261115-120000.csv`: Shanghai time, so two exports a second apart do not share a name. */
export function defaultFileName(format: ExportFormat, locale: ExportLocale, now: number): string {
  const stamp = `${shanghaiDate(now).replaceAll('-', '')}-${toShanghaiIso(now).slice(11, 19).replaceAll(':', '')}`;
  return `${BASE_NAME[locale]}-${stamp}.${format}`;
}

export interface Destination {
  path: string;
  /** Undo what choosing created (the per-export folder in browser mode) after a failure. */
  cleanup(): void;
}

export async function chooseDestination(
  ctx: ServiceContext,
  req: { exportId: string; format: ExportFormat; locale: ExportLocale; out?: string | undefined },
): Promise<Destination> {
  const name = defaultFileName(req.format, req.locale, ctx.clock.now());
  if (req.out !== undefined) {
    if (ctx.mode !== 'cli') {
      throw new ApiError(
        'FORBIDDEN',
        `out: a path can only be given from the command line; the ${ctx.mode === 'electron' ? 'desktop app asks with a save dialog' : 'browser gets a download'}`,
        {
          fields: { out: 'only from the command line' },
        },
      );
    }
    return { path: req.out, cleanup: () => undefined };
  }
  if (ctx.mode === 'electron') {
    const save = desktopCapability(ctx, 'showSaveDialog');
    if (!save) throw new ApiError('UNSUPPORTED', 'the save dialog is not available');
    const chosen = await save({
      title: req.locale === 'zh-CN' ? '导出认证记录' : 'Export auth records',
      defaultName: name,
      filters: [{ name: req.format.toUpperCase(), extensions: [req.format] }],
    });
    if (chosen === null) throw new ApiError('CANCELLED', 'no file was chosen');
    return { path: chosen, cleanup: () => undefined };
  }
  if (ctx.mode === 'browser') {
    const path = join(ctx.dataDir, 'exports', req.exportId, name);
    mkdirSync(join(ctx.dataDir, 'exports'), { recursive: true, mode: 0o700 });
    // Only a folder this export created may be removed by its cleanup: a folder that is already
    // there holds someone else's files (an earlier export with the same id, say).
    let created = false;
    try {
      mkdirSync(dirname(path), { mode: 0o700 });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    return { path, cleanup: () => (created ? rmSync(dirname(path), { recursive: true, force: true }) : undefined) };
  }
  throw new ApiError('INVALID_INPUT', 'out: give the path of the file to write', { fields: { out: 'required' } });
}

/** Browser mode: single-use links for the file and its manifest (null when no host serves downloads). */
export function downloadLinks(ctx: ServiceContext, file: string, manifest: string, format: ExportFormat): { file: string; manifest: string } | null {
  const registry = ctx.extensions.get(DOWNLOADS_EXTENSION);
  if (!registry || ctx.mode !== 'browser') return null;
  const now = ctx.clock.now();
  const ttlMs = 30 * 60_000;
  const name = file.split(/[\\/]/).pop()!;
  const f = registry.add({ path: file, filename: name, contentType: CONTENT_TYPES[format], removeAfter: false, ttlMs }, now);
  const m = registry.add({ path: manifest, filename: `${name}.manifest.json`, contentType: CONTENT_TYPES.manifest, removeAfter: false, ttlMs }, now);
  return { file: `/files/${f}`, manifest: `/files/${m}` };
}
