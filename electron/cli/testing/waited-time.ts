import { expect } from 'vitest';
import { workingMsBetween } from '../../../shared/apps/working-day';

/**
 * An answer listing apps (`apps list`) without each app's working time waited, which counts up to the
 * moment the answer was made (its `now`) on a working day: two answers a few milliseconds apart differ
 * there, and only there. Each is first checked against its own answer's `now`, so the figure is still
 * tested; answers without apps pass unchanged.
 */
export function withoutWaitedTime(answer: Record<string, unknown>): Record<string, unknown> {
  const { items, now } = answer;
  if (!Array.isArray(items) || typeof now !== 'number') return answer;
  return {
    ...answer,
    items: items.map((item: unknown) => {
      if (item === null || typeof item !== 'object' || !('waitingWorkMs' in item)) return item;
      const { waitingWorkMs, ...rest } = item as { waitingWorkMs: unknown; waitingSince?: unknown };
      expect(waitingWorkMs).toBe(typeof rest.waitingSince === 'number' ? workingMsBetween(rest.waitingSince, now) : null);
      return rest;
    }),
  };
}
