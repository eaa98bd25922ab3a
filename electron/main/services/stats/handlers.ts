import type { Handlers } from '../core/dispatch';

// Handlers of the 'stats' contract entries (shared/contract/stats.ts).
export const statsHandlers: Pick<Handlers, never> = {};
