import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { shanghaiMonth } from '../../../../shared/time/shanghai';
import { ApiError } from '../../../../shared/contract/errors';
import type { ServiceContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { cancelJob, startJob } from '../core/jobs';
import { TEAM_STORE_EXTENSION, type TeamStoreAccess } from '../team-store/admin-access';
import type { StoreArchiveContext } from '../team-store/store-archive';
import { archiveDir, archiveFileName, ensureArchiveDir, readArchiveManifest } from './archive-file';
import { archivesRepo } from './archives-repo';
import { verifyArchiveFile } from './month-archive';
import { ARCHIVE_JOBS, applyRetention, archiveMonth, importMonth, listMonths, monthContext } from './retention';

/** Paths are the command line's to give: the app keeps archives in the data folder and names them by month. */
function cliPath(ctx: ServiceContext, value: string): string {
  if (ctx.mode !== 'cli') throw new ApiError('FORBIDDEN', 'path: a path can only be given from the command line', { fields: { path: 'command line only' } });
  if (!isAbsolute(value)) throw new ApiError('INVALID_INPUT', `path: ${value} is not an absolute path`, { fields: { path: 'not an absolute path' } });
  return value;
}

/**
 * The team store this session administers (onetap archive … --store), or null for the local
 * workspace. Its archive folder is this machine's, under the data folder like a local one.
 */
function teamStore(ctx: ServiceContext): TeamStoreAccess | null {
  return ctx.extensions.get(TEAM_STORE_EXTENSION) ?? null;
}

async function storeContext(
  ctx: ServiceContext,
  access: TeamStoreAccess,
  signal?: AbortSignal,
): Promise<[typeof import('../team-store/store-archive'), StoreArchiveContext]> {
  const mod = await import('../team-store/store-archive');
  const workspace = mod.storeArchiveWorkspace(access.display, await access.store.storeId());
  const dir = archiveDir(ctx.dataDir, workspace.id);
  ensureArchiveDir(dir);
  return [
    mod,
    {
      store: access.store,
      dir,
      workspace,
      now: () => ctx.clock.now(),
      ...(signal ? { signal } : {}),
      onProgress: (p) => ctx.events.emit('archive.progress', p),
    },
  ];
}

/** Runs a team store's archive job of a month (cancellable by archive.cancel, as a local one). */
async function storeJob<T>(
  ctx: ServiceContext,
  access: TeamStoreAccess,
  month: string,
  caller: AbortSignal | undefined,
  work: (mod: typeof import('../team-store/store-archive'), cx: StoreArchiveContext) => Promise<T>,
): Promise<T> {
  const job = startJob(ctx, ARCHIVE_JOBS, month, caller);
  try {
    const [mod, cx] = await storeContext(ctx, access, job.signal);
    return await work(mod, cx);
  } finally {
    job.finish();
  }
}

const NO_STORE_RETENTION =
  "a team store keeps every month until its writer archives one (onetap archive create MONTH --drop --store …): the retention window is the local store's";

// Handlers of the 'archive' contract entries (shared/contract/archive.ts); on a team store (the
// CLI's --store) list, create, import and verify run on it (team-store/store-archive.ts).
export const archiveHandlers: Pick<
  Handlers,
  'archive.list' | 'archive.create' | 'archive.import' | 'archive.verify' | 'archive.setRetention' | 'archive.apply' | 'archive.cancel'
> = {
  'archive.list': async (ctx, { only }) => {
    const access = teamStore(ctx);
    if (!access) return listMonths(ctx, only);
    const [mod, cx] = await storeContext(ctx, access);
    return mod.listStoreMonths(cx, only);
  },
  'archive.create': (ctx, { month, drop }, signal) => {
    const access = teamStore(ctx);
    if (!access) return archiveMonth(ctx, month, drop, signal);
    if (month >= shanghaiMonth(ctx.clock.now()))
      throw new ApiError('INVALID_INPUT', `${month} is not closed yet: only past months are archived`, { fields: { month: 'a past month' } });
    return storeJob(ctx, access, month, signal, (mod, cx) => mod.archiveStoreMonth(cx, month, drop));
  },
  'archive.import': async (ctx, input, signal) => {
    const access = teamStore(ctx);
    if (!access) return importMonth(ctx, input.month !== undefined ? { month: input.month } : { path: cliPath(ctx, input.path!) }, signal);
    const [, cx0] = await storeContext(ctx, access);
    let path: string;
    if (input.month !== undefined) {
      const row = (await access.store.archivedMonths()).find((r) => r.month === input.month);
      if (!row) throw new ApiError('NOT_FOUND', `${input.month} has no archive in this team store`);
      path = join(cx0.dir, row.file);
      if (!existsSync(path))
        throw new ApiError(
          'NOT_FOUND',
          `this machine has no copy of the archive of ${input.month}: its writer put it at ${row.location} (give it with --file)`,
        );
    } else path = cliPath(ctx, input.path!);
    const manifest = readArchiveManifest(path);
    if (typeof manifest === 'string') throw new ApiError('INVALID_INPUT', manifest);
    return storeJob(ctx, access, manifest.month, signal, (mod, cx) => mod.importStoreArchive(cx, path));
  },
  'archive.verify': async (ctx, input) => {
    const access = teamStore(ctx);
    if (access) {
      const [mod, scx] = await storeContext(ctx, access);
      return mod.verifyStoreArchive(scx, input.month !== undefined ? { month: input.month } : { path: cliPath(ctx, input.path!) });
    }
    const cx = monthContext(ctx);
    if (input.month !== undefined) return verifyArchiveFile(cx, join(cx.dir, archiveFileName(input.month)), input.month);
    return verifyArchiveFile(cx, cliPath(ctx, input.path!));
  },
  'archive.setRetention': (ctx, { rawMonths }) => {
    if (teamStore(ctx)) throw new ApiError('UNSUPPORTED', NO_STORE_RETENTION);
    const repo = archivesRepo(monthContext(ctx).db);
    repo.setRawMonths(rawMonths);
    return { rawMonths: repo.rawMonths() };
  },
  'archive.apply': async (ctx, _input, signal) => {
    if (teamStore(ctx)) throw new ApiError('UNSUPPORTED', NO_STORE_RETENTION);
    return { months: await applyRetention(ctx, signal) };
  },
  'archive.cancel': (ctx, { month }) => ({ cancelled: cancelJob(ctx, ARCHIVE_JOBS, month) }),
};
