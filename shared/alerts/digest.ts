/**
 * When many notices come at once (a sync page may open a hundred episodes) they are told as one
 * digest rather than one by one: by the main process to the desktop and to each robot channel,
 * by the renderer in browser mode. Both count and rank them the same way.
 */
import type { Alert } from '../contract/alerts';

/** From this many notices in one round (to one channel, or on the desktop) they go as one digest. */
export const DIGEST_FROM = 4;
/** How many alerts a robot's digest names (the rest are counted). */
export const DIGEST_TOP = 5;

export interface Told {
  kind: 'fired' | 'repeated' | 'resolved';
  alert: Alert;
}

const kindRank: Record<Told['kind'], number> = { fired: 0, repeated: 1, resolved: 2 };

/** How far a spike or surge is above its usual rate (rules without a factor rank after those with one). */
const factorOf = (a: Alert): number => (typeof a.numbers.factor === 'number' ? a.numbers.factor : 0);

/** The notices a digest names first: new alerts before continuing ones before resolutions, the steepest first, else as told. */
export function rankTold<T extends Told>(items: readonly T[]): T[] {
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => kindRank[a.x.kind] - kindRank[b.x.kind] || factorOf(b.x.alert) - factorOf(a.x.alert) || a.i - b.i)
    .map(({ x }) => x);
}
