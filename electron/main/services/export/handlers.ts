import type { Handlers } from '../core/dispatch';

// Handlers of the 'export' contract entries (shared/contract/export.ts).
export const exportHandlers: Pick<Handlers, never> = {};
