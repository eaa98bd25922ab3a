import type { Handlers } from '../core/dispatch';

// Handlers of the 'workspaces' contract entries (shared/contract/workspaces.ts).
export const workspacesHandlers: Pick<Handlers, never> = {};
