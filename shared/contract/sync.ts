// Contract entries for the 'sync' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/sync/handlers.ts.
export const syncCalls = {} as const;
export const syncEvents = {} as const;
