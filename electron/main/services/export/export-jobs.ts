/**
 * Exports running in this process, by id, so `export.cancel` can reach one from another call.
 * An export stops on either its own cancel or its caller going away (window closed, HTTP
 * request aborted, Ctrl-C in the CLI).
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { ServiceContext } from '../core/context';

const running = new WeakMap<ServiceContext, Map<string, AbortController>>();

function jobsOf(ctx: ServiceContext): Map<string, AbortController> {
  let m = running.get(ctx);
  if (!m) running.set(ctx, (m = new Map()));
  return m;
}

export interface Job {
  signal: AbortSignal;
  finish(): void;
}

export function startJob(ctx: ServiceContext, exportId: string, caller?: AbortSignal): Job {
  const jobs = jobsOf(ctx);
  if (jobs.has(exportId)) throw new ApiError('CONFLICT', `export ${exportId} is already running`);
  const ac = new AbortController();
  const onCaller = (): void => ac.abort(caller?.reason);
  if (caller?.aborted) ac.abort(caller.reason);
  else caller?.addEventListener('abort', onCaller, { once: true });
  jobs.set(exportId, ac);
  return {
    signal: ac.signal,
    finish() {
      caller?.removeEventListener('abort', onCaller);
      if (jobs.get(exportId) === ac) jobs.delete(exportId);
    },
  };
}

/** Cancels a running export; false when none runs with that id. */
export function cancelJob(ctx: ServiceContext, exportId: string): boolean {
  const ac = jobsOf(ctx).get(exportId);
  if (!ac) return false;
  ac.abort(new ApiError('CANCELLED', 'export cancelled'));
  return true;
}

export function runningJobs(ctx: ServiceContext): string[] {
  return [...jobsOf(ctx).keys()];
}
