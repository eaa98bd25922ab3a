import type { Handlers } from '../core/dispatch';
import { activeWorkspace } from '../workspaces/active';
import { explainFailure } from './explain';

// Handler of the 'triage.explain' contract entry (shared/contract/toolkit.ts).
export const triageHandlers: Pick<Handlers, 'triage.explain'> = {
  'triage.explain': async (ctx, input) => {
    const ws = activeWorkspace(ctx);
    // A team store's raw records are in PostgreSQL (its working copy holds the rollups the rest reads).
    const record = ws.teamStore && input.seq !== undefined ? ((await ws.teamStore.recordBySeq(input.seq)) ?? undefined) : null;
    return explainFailure(ws.db, input, ctx.clock.now(), record);
  },
};
