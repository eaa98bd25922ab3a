// Contract entries for the 'records' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/records/handlers.ts.
export const recordsCalls = {} as const;
export const recordsEvents = {} as const;
