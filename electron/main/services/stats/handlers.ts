import type { Handlers } from '../core/dispatch';
import { workspaceDb } from '../workspaces/active';
import { statsDaily } from './daily';
import { statsDay } from './day';
import { failurePareto } from './pareto';

// Handlers of the 'stats' contract entries (shared/contract/stats.ts).
export const statsHandlers: Pick<Handlers, 'stats.daily' | 'stats.day' | 'stats.failures'> = {
  'stats.daily': (ctx, input) => statsDaily(workspaceDb(ctx), input, ctx.clock.now()),
  'stats.day': (ctx, { date, ...filter }) => statsDay(workspaceDb(ctx), filter, date),
  'stats.failures': (ctx, input) => failurePareto(workspaceDb(ctx), input, ctx.clock.now()),
};
