// Contract entries for the 'codes' area. Add calls here (one defineCall each) and
// their handlers in electron/main/services/codes/handlers.ts.
export const codesCalls = {} as const;
export const codesEvents = {} as const;
