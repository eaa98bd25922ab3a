import type { Handlers } from '../core/dispatch';
import { workspaceDb } from '../workspaces/active';
import { dashboardSummary } from './summary';

// Handlers of the 'dashboard' contract entries (shared/contract/dashboard.ts).
export const dashboardHandlers: Pick<Handlers, 'dashboard.summary'> = {
  'dashboard.summary': (ctx, input) => dashboardSummary(workspaceDb(ctx), input, ctx.clock.now()),
};
