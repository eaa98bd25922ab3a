import type { Handlers } from '../core/dispatch';

// Handlers of the 'dashboard' contract entries (shared/contract/dashboard.ts).
export const dashboardHandlers: Pick<Handlers, never> = {};
