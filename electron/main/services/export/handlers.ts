import { isAbsolute } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';
import { UPLOADS_EXTENSION } from '../core/uploads';
import { activeWorkspace } from '../workspaces/active';
import { chooseDestination, downloadLinks } from './destination';
import { cancelJob, startJob } from './export-jobs';
import { historyRepo } from './history-repo';
import { historyPage } from './history-view';
import { newExportId, runExport } from './run-export';
import { platformSecretOf } from './signing-keys';
import { verifyExportFile } from './verify-export';

// Handlers of the 'export' contract entries (shared/contract/export.ts).
export const exportHandlers: Pick<Handlers, 'export.records' | 'export.cancel' | 'export.history' | 'export.verify'> = {
  'export.records': async (ctx, input, signal) => {
    const ws = activeWorkspace(ctx);
    const exportId = input.exportId ?? newExportId();
    // A reused id is refused before anything is chosen or created: the cleanup of a failed
    // export must never reach the earlier export's folder.
    if (historyRepo(ws.db).byExportId(exportId)) throw new ApiError('CONFLICT', `an export with id ${exportId} already exists`);
    const dest = await chooseDestination(ctx, { exportId, format: input.format, locale: input.locale, out: input.out });
    const job = startJob(ctx, exportId, signal);
    try {
      const res = await runExport(
        {
          db: ws.db,
          workspace: { id: ws.id, name: ws.name, accessKey: ws.accessKey },
          secrets: ctx.secrets,
          platformSecret: platformSecretOf(ctx, ws),
          clock: ctx.clock,
          signal: job.signal,
          onProgress: (p) => ctx.events.emit('export.progress', p),
          ...(ws.teamStore ? { teamStore: ws.teamStore } : {}),
        },
        { exportId, filter: input.filter, format: input.format, locale: input.locale, target: dest.path },
      );
      return {
        exportId: res.exportId,
        file: res.file,
        manifest: res.manifest,
        rows: res.rows,
        sha256: res.sha256,
        bytes: res.bytes,
        format: res.format,
        downloads: downloadLinks(ctx, res.file, res.manifest, res.format),
      };
    } catch (e) {
      dest.cleanup();
      throw e;
    } finally {
      job.finish();
    }
  },
  'export.cancel': (ctx, { exportId }) => ({ cancelled: cancelJob(ctx, exportId) }),
  'export.history': (ctx, input) => {
    const ws = activeWorkspace(ctx);
    return historyPage(
      { db: ws.db, secrets: ctx.secrets, platformSecret: platformSecretOf(ctx, ws), now: ctx.clock.now() },
      input.limit,
      input.beforeSeq ?? null,
      input.beforeSeq === undefined ? (input.offset ?? 0) : 0,
    );
  },
  'export.verify': async (ctx, input, signal) => {
    const ws = activeWorkspace(ctx);
    let path = input.path;
    // The page of the browser door names no paths on the host (it would learn the hash and size
    // of any file the host can read): it verifies by export id.
    if (path !== undefined && ctx.mode === 'browser') {
      throw new ApiError('FORBIDDEN', 'path: the browser verifies an export by its export id, never by a path on the host', {
        fields: { path: 'not in browser mode' },
      });
    }
    if (path !== undefined && !isAbsolute(path))
      throw new ApiError('INVALID_INPUT', `path: ${path} is not an absolute path`, { fields: { path: 'not an absolute path' } });
    if (input.exportId !== undefined) {
      const row = historyRepo(ws.db).byExportId(input.exportId);
      if (!row) throw new ApiError('NOT_FOUND', `no export ${input.exportId} in this workspace's history`);
      path = row.file_path;
    }
    const env = { db: ws.db, secrets: ctx.secrets, platformSecret: platformSecretOf(ctx, ws), now: ctx.clock.now(), signal };
    if (input.upload !== undefined) {
      const uploads = ctx.extensions.get(UPLOADS_EXTENSION);
      if (!uploads || ctx.mode !== 'browser') throw new ApiError('UNSUPPORTED', 'upload: uploads are for the browser; give the path of the file');
      const file = uploads.file(input.upload, ctx.clock.now());
      if (!file) throw new ApiError('NOT_FOUND', 'upload: no such upload (expired, or already verified)');
      try {
        return await verifyExportFile(env, file);
      } finally {
        uploads.discard(input.upload);
      }
    }
    return verifyExportFile(env, path!, input.exportId !== undefined ? { exportId: input.exportId } : {});
  },
};
