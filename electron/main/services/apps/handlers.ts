import type { Handlers } from '../core/dispatch';

// Handlers of the 'apps' contract entries (shared/contract/apps.ts).
export const appsHandlers: Pick<Handlers, never> = {};
