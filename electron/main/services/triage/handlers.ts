import type { Handlers } from '../core/dispatch';
import { workspaceDb } from '../workspaces/active';
import { explainFailure } from './explain';

// Handler of the 'triage.explain' contract entry (shared/contract/toolkit.ts).
export const triageHandlers: Pick<Handlers, 'triage.explain'> = {
  'triage.explain': (ctx, input) => explainFailure(workspaceDb(ctx), input, ctx.clock.now()),
};
