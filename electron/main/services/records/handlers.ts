import type { Handlers } from '../core/dispatch';
import { workspaceDb } from '../workspaces/active';
import { appOptions, loadApps } from './app-directory';
import { getRecord } from './get-record';
import { searchRecords } from './record-scanner';

// Handlers of the 'records' contract entries (shared/contract/records.ts).
export const recordsHandlers: Pick<Handlers, 'records.search' | 'records.get' | 'records.apps'> = {
  'records.search': (ctx, input) => searchRecords(workspaceDb(ctx), input),
  'records.get': (ctx, { seq }) => getRecord(workspaceDb(ctx), seq),
  'records.apps': (ctx) => appOptions(loadApps(workspaceDb(ctx))),
};
