import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { ServiceContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { cancelJob } from '../core/jobs';
import { archiveFileName } from './archive-file';
import { archivesRepo } from './archives-repo';
import { verifyArchiveFile } from './month-archive';
import { ARCHIVE_JOBS, applyRetention, archiveMonth, importMonth, listMonths, monthContext } from './retention';

/** Paths are the command line's to give: the app keeps archives in the data folder and names them by month. */
function cliPath(ctx: ServiceContext, value: string): string {
  if (ctx.mode !== 'cli') throw new ApiError('FORBIDDEN', 'path: a path can only be given from the command line', { fields: { path: 'command line only' } });
  if (!isAbsolute(value)) throw new ApiError('INVALID_INPUT', `path: ${value} is not an absolute path`, { fields: { path: 'not an absolute path' } });
  return value;
}

// Handlers of the 'archive' contract entries (shared/contract/archive.ts).
export const archiveHandlers: Pick<
  Handlers,
  'archive.list' | 'archive.create' | 'archive.import' | 'archive.verify' | 'archive.setRetention' | 'archive.apply' | 'archive.cancel'
> = {
  'archive.list': (ctx, { only }) => listMonths(ctx, only),
  'archive.create': (ctx, { month, drop }, signal) => archiveMonth(ctx, month, drop, signal),
  'archive.import': (ctx, input, signal) => importMonth(ctx, input.month !== undefined ? { month: input.month } : { path: cliPath(ctx, input.path!) }, signal),
  'archive.verify': async (ctx, input) => {
    const cx = monthContext(ctx);
    if (input.month !== undefined) return verifyArchiveFile(cx, join(cx.dir, archiveFileName(input.month)), input.month);
    return verifyArchiveFile(cx, cliPath(ctx, input.path!));
  },
  'archive.setRetention': (ctx, { rawMonths }) => {
    const repo = archivesRepo(monthContext(ctx).db);
    repo.setRawMonths(rawMonths);
    return { rawMonths: repo.rawMonths() };
  },
  'archive.apply': async (ctx, _input, signal) => ({ months: await applyRetention(ctx, signal) }),
  'archive.cancel': (ctx, { month }) => ({ cancelled: cancelJob(ctx, ARCHIVE_JOBS, month) }),
};
