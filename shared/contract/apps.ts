// Contract entries for the 'apps' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/apps/handlers.ts.
export const appsCalls = {} as const;
export const appsEvents = {} as const;
