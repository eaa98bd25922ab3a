/**
 * Brings the pending changes in line with what sync has stored: confirmed ones disappear, and a
 * send interrupted by a crash (still "sending" long after) becomes "failed" so it can be discarded.
 */
import type { AppsEnv } from './env';
import { pendingRepo } from './pending-repo';

/** A send that has not answered in this long was interrupted (the client's own timeouts are far shorter). */
export const INTERRUPTED_AFTER_MS = 5 * 60_000;

export function settlePending(env: AppsEnv): string[] {
  const repo = pendingRepo(env.db);
  const now = env.clock.now();
  for (const p of repo.all()) {
    if (p.state === 'sending' && now - p.updatedAt > INTERRUPTED_AFTER_MS) {
      repo.markFailed(p.pendingId, { code: 'PLATFORM_UNREACHABLE', message: 'interrupted before the platform answered' }, now);
    }
  }
  const ids = repo.resolveConfirmed();
  if (ids.length) env.events.emit('apps.changed', { ids });
  return ids;
}
