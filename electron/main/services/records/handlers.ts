import type { Handlers } from '../core/dispatch';
import { activeWorkspace, workspaceDb } from '../workspaces/active';
import { appOptions, loadApps } from './app-directory';
import { droppedMonthsIn } from './archived-months';
import { getRecord, recordDetail } from './get-record';
import { searchRecords } from './record-scanner';

// Handlers of the 'records' contract entries (shared/contract/records.ts).
export const recordsHandlers: Pick<Handlers, 'records.search' | 'records.get' | 'records.apps'> = {
  'records.search': async (ctx, input) => {
    const ws = activeWorkspace(ctx);
    if (!ws.teamStore) return searchRecords(ws.db, input);
    const out = await ws.teamStore.searchRecords(input);
    // A month archived out of the team store is counted (rollups) but not listed: the answer says which, and where its file is.
    const dropped = ws.teamStore.droppedMonths ? droppedMonthsIn(await ws.teamStore.droppedMonths(), input) : [];
    return dropped.length > 0 ? { ...out, archived: dropped } : out;
  },
  'records.get': async (ctx, { seq }) => {
    const ws = activeWorkspace(ctx);
    return ws.teamStore ? recordDetail(ws.db, seq, await ws.teamStore.recordBySeq(seq)) : getRecord(ws.db, seq);
  },
  'records.apps': (ctx) => appOptions(loadApps(workspaceDb(ctx))),
};
