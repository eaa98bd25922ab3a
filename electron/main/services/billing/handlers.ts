import type { Handlers } from '../core/dispatch';

// Handlers of the 'billing' contract entries (shared/contract/billing.ts).
export const billingHandlers: Pick<Handlers, never> = {};
