// Contract entries for the 'stats' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/stats/handlers.ts.
export const statsCalls = {} as const;
export const statsEvents = {} as const;
