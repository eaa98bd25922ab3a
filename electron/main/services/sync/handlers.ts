import type { Handlers } from '../core/dispatch';

// Handlers of the 'sync' contract entries (shared/contract/sync.ts).
export const syncHandlers: Pick<Handlers, never> = {};
