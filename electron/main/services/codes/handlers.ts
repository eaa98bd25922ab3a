import type { Handlers } from '../core/dispatch';

// Handlers of the 'codes' contract entries (shared/contract/codes.ts).
export const codesHandlers: Pick<Handlers, never> = {};
