// Contract entries for the 'dashboard' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/dashboard/handlers.ts.
export const dashboardCalls = {} as const;
export const dashboardEvents = {} as const;
