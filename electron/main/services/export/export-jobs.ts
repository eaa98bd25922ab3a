/** Exports running in this process (see core/jobs): `export.cancel` reaches one by its id. */
import type { ServiceContext } from '../core/context';
import { cancelJob as cancelAreaJob, runningJobs as runningAreaJobs, startJob as startAreaJob, type Job } from '../core/jobs';

export type { Job };

export function startJob(ctx: ServiceContext, exportId: string, caller?: AbortSignal): Job {
  return startAreaJob(ctx, 'export', exportId, caller);
}

/** Cancels a running export; false when none runs with that id. */
export function cancelJob(ctx: ServiceContext, exportId: string): boolean {
  return cancelAreaJob(ctx, 'export', exportId);
}

export function runningJobs(ctx: ServiceContext): string[] {
  return runningAreaJobs(ctx, 'export');
}
