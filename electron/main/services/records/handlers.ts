import type { Handlers } from '../core/dispatch';

// Handlers of the 'records' contract entries (shared/contract/records.ts).
export const recordsHandlers: Pick<Handlers, never> = {};
