/**
 * Long-running jobs in this process (exports, backups), by area and id, so a `*.cancel` call can
 * reach one from another call. A job stops on either its own cancel or its caller going away
 * (window closed, HTTP request aborted, Ctrl-C in the CLI).
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { ServiceContext } from './context';

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

export function startJob(ctx: ServiceContext, area: string, id: string, caller?: AbortSignal): Job {
  const jobs = jobsOf(ctx);
  const key = `${area}:${id}`;
  if (jobs.has(key)) throw new ApiError('CONFLICT', `${area} ${id} is already running`);
  const ac = new AbortController();
  const onCaller = (): void => ac.abort(caller?.reason);
  if (caller?.aborted) ac.abort(caller.reason);
  else caller?.addEventListener('abort', onCaller, { once: true });
  jobs.set(key, ac);
  return {
    signal: ac.signal,
    finish() {
      caller?.removeEventListener('abort', onCaller);
      if (jobs.get(key) === ac) jobs.delete(key);
    },
  };
}

/** Cancels a running job; false when none of that area runs with that id. */
export function cancelJob(ctx: ServiceContext, area: string, id: string): boolean {
  const ac = jobsOf(ctx).get(`${area}:${id}`);
  if (!ac) return false;
  ac.abort(new ApiError('CANCELLED', `${area} cancelled`));
  return true;
}

export function runningJobs(ctx: ServiceContext, area: string): string[] {
  const prefix = `${area}:`;
  return [...jobsOf(ctx).keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}
