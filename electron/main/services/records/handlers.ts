import type { Handlers } from '../core/dispatch';
import { activeWorkspace, workspaceDb } from '../workspaces/active';
import { appOptions, loadApps } from './app-directory';
import { getRecord, recordDetail } from './get-record';
import { searchRecords } from './record-scanner';

// Handlers of the 'records' contract entries (shared/contract/records.ts).
export const recordsHandlers: Pick<Handlers, 'records.search' | 'records.get' | 'records.apps'> = {
  'records.search': (ctx, input) => {
    const ws = activeWorkspace(ctx);
    return ws.teamStore ? ws.teamStore.searchRecords(input) : searchRecords(ws.db, input);
  },
  'records.get': async (ctx, { seq }) => {
    const ws = activeWorkspace(ctx);
    return ws.teamStore ? recordDetail(ws.db, seq, await ws.teamStore.recordBySeq(seq)) : getRecord(ws.db, seq);
  },
  'records.apps': (ctx) => appOptions(loadApps(workspaceDb(ctx))),
};
