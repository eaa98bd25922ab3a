import { ApiError } from '../../../../shared/contract/errors';
import { extension, type ServiceContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { WORKSPACES_EXTENSION } from './active';
import { WorkspaceManager } from './registry';
import { overviewTotals } from '../providers/overview';
import { shanghaiMonth } from '../../../../shared/time/shanghai';

function manager(ctx: ServiceContext): WorkspaceManager {
  const m = extension(ctx, WORKSPACES_EXTENSION);
  if (!(m instanceof WorkspaceManager)) throw new ApiError('UNSUPPORTED', 'workspaces cannot be managed in this mode');
  return m;
}

// Handlers of the 'workspaces' contract entries (shared/contract/workspaces.ts).
export const workspacesHandlers: Pick<
  Handlers,
  | 'workspaces.list'
  | 'workspaces.create'
  | 'workspaces.update'
  | 'workspaces.remove'
  | 'workspaces.test'
  | 'workspaces.addTeamStore'
  | 'workspaces.testTeamStore'
  | 'workspaces.activate'
  | 'workspaces.demoRole'
  | 'workspaces.resolve'
  | 'providers.overview'
> = {
  'workspaces.list': (ctx) => manager(ctx).list(),
  'workspaces.create': (ctx, input) => manager(ctx).create(input),
  'workspaces.update': (ctx, input) => manager(ctx).update(input),
  'workspaces.remove': (ctx, input) => manager(ctx).remove(input),
  'workspaces.test': (ctx, input, signal) => manager(ctx).test(input, signal),
  'workspaces.addTeamStore': (ctx, input) => manager(ctx).addTeamStore(input),
  'workspaces.testTeamStore': (ctx, input) => manager(ctx).testTeamStore(input),
  'workspaces.activate': (ctx, input) => manager(ctx).activate(input.id),
  'workspaces.demoRole': (ctx, input) => manager(ctx).setDemoRole(input.role),
  'workspaces.resolve': (ctx, input) => manager(ctx).resolve(input.nameOrId),
  'providers.overview': (ctx, input) => {
    const month = input.month ?? shanghaiMonth(ctx.clock.now());
    const items = manager(ctx).overview(month);
    return { month, currency: 'CNY' as const, items, total: overviewTotals(items) };
  },
};
