// Contract entries for the 'workspaces' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/workspaces/handlers.ts.
export const workspacesCalls = {} as const;
export const workspacesEvents = {} as const;
