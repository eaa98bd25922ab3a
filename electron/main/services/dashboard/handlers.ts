import type { Handlers } from '../core/dispatch';
import { workspaceDb } from '../workspaces/active';
import { dashboardSummary } from './summary';
import { drawAhead, trendSvg } from './trend-svg';

// Handlers of the 'dashboard' contract entries (shared/contract/dashboard.ts).
export const dashboardHandlers: Pick<Handlers, 'dashboard.summary' | 'dashboard.trendSvg'> = {
  'dashboard.summary': (ctx, input) => {
    const summary = dashboardSummary(workspaceDb(ctx), input, ctx.clock.now());
    drawAhead(summary);
    return summary;
  },
  'dashboard.trendSvg': (ctx, input) => trendSvg(workspaceDb(ctx), input, ctx.clock.now()),
};
