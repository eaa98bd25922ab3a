import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';
import type { ServiceContext } from '../core/context';
import { cancelJob, startJob } from '../core/jobs';
import { workspaceMigrations } from '../db/migrations';
import { withSyncHeld } from '../sync/coordinator';
import { activeWorkspace } from '../workspaces/active';
import { BACKUP_SUFFIX, backupDir, ensureBackupDir, listBackups, manifestPathOf } from './backup-folder';
import { createBackup, newBackupId, removeStaleParts } from './create-backup';
import { restoreBackup } from './restore-backup';

const JOBS = 'backup';

/** Paths are the command line's to give: the app keeps backups in the data folder and names them by id. */
function cliPath(ctx: ServiceContext, field: 'out' | 'path', value: string): string {
  if (ctx.mode !== 'cli')
    throw new ApiError('FORBIDDEN', `${field}: a path can only be given from the command line`, { fields: { [field]: 'command line only' } });
  if (!isAbsolute(value)) throw new ApiError('INVALID_INPUT', `${field}: ${value} is not an absolute path`, { fields: { [field]: 'not an absolute path' } });
  return value;
}

// Handlers of the 'backup' contract entries (shared/contract/backup.ts).
export const backupHandlers: Pick<Handlers, 'backup.create' | 'backup.list' | 'backup.restore' | 'backup.cancel'> = {
  'backup.create': async (ctx, input, signal) => {
    const ws = activeWorkspace(ctx);
    const backupId = input.backupId ?? newBackupId(ctx.clock.now());
    const dir = backupDir(ctx.dataDir, ws.id);
    let target: string;
    if (input.out !== undefined) {
      target = cliPath(ctx, 'out', input.out);
      if (!target.endsWith(BACKUP_SUFFIX))
        throw new ApiError('INVALID_INPUT', `out: a backup file name ends with ${BACKUP_SUFFIX}`, { fields: { out: `ends with ${BACKUP_SUFFIX}` } });
    } else {
      ensureBackupDir(dir);
      removeStaleParts(dir);
      target = join(dir, `${backupId}${BACKUP_SUFFIX}`);
    }
    // Never over an earlier backup: a reused id or path is refused before anything is written.
    if (existsSync(target) || existsSync(manifestPathOf(target))) throw new ApiError('CONFLICT', `a backup already exists at ${target}`);
    const job = startJob(ctx, JOBS, backupId, signal);
    try {
      return await createBackup({
        db: ws.db,
        workspace: { id: ws.id, name: ws.name },
        backupId,
        target,
        now: () => ctx.clock.now(),
        signal: job.signal,
        onProgress: (p) => ctx.events.emit('backup.progress', p),
      });
    } finally {
      job.finish();
    }
  },
  'backup.list': (ctx) => ({ items: listBackups(backupDir(ctx.dataDir, activeWorkspace(ctx).id)) }),
  'backup.restore': async (ctx, input, signal) => {
    const ws = activeWorkspace(ctx);
    const file = input.path !== undefined ? cliPath(ctx, 'path', input.path) : join(backupDir(ctx.dataDir, ws.id), `${input.backupId!}${BACKUP_SUFFIX}`);
    if (!existsSync(file))
      throw new ApiError('NOT_FOUND', input.backupId !== undefined ? `no backup ${input.backupId} in this workspace` : `no such file: ${file}`);
    // The sync state is emitted again when the hold ends, which makes every view reload from the restored store.
    return withSyncHeld(ctx, () =>
      restoreBackup({
        db: ws.db,
        workspaceId: ws.id,
        file,
        migrations: workspaceMigrations,
        force: input.force,
        ...(signal ? { signal } : {}),
        onProgress: (p) => ctx.events.emit('backup.progress', p),
      }),
    );
  },
  'backup.cancel': (ctx, { backupId }) => ({ cancelled: cancelJob(ctx, JOBS, backupId) }),
};
