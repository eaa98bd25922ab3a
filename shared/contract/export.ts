// Contract entries for the 'export' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/export/handlers.ts.
export const exportCalls = {} as const;
export const exportEvents = {} as const;
