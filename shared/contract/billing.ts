// Contract entries for the 'billing' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/billing/handlers.ts.
export const billingCalls = {} as const;
export const billingEvents = {} as const;
