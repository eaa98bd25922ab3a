import type { Handlers } from '../core/dispatch';
import { activeWorkspace, workspaceDb } from '../workspaces/active';
import { appOptions, loadApps } from './app-directory';
import { ApiError } from '../../../../shared/contract/errors';
import { describeDropped, droppedMonthsIn } from './archived-months';
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
    if (!ws.teamStore) return getRecord(ws.db, seq);
    const row = await ws.teamStore.recordBySeq(seq);
    if (!row) {
      // Not found in the store may mean archived out of it: the months whose records went to a file
      // are said with where each file is (a seq alone does not tell which month it was of).
      const dropped = ws.teamStore.droppedMonths ? await ws.teamStore.droppedMonths() : [];
      if (dropped.length > 0)
        throw new ApiError(
          'NOT_FOUND',
          `no auth record with seq ${seq} in the team store; it may be in ${dropped.length === 1 ? 'its archived month' : 'one of its archived months'}, ` +
            `${describeDropped(dropped)} (onetap archive import MONTH --store … brings a month back)`,
          { detail: { seq, archived: dropped } },
        );
    }
    return recordDetail(ws.db, seq, row);
  },
  'records.apps': (ctx) => appOptions(loadApps(workspaceDb(ctx))),
};
