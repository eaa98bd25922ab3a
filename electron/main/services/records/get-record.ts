/** `records.get`: one record by seq, with its app and every dictionary entry for its codes. */
import { findCodes, recordLookupOptions } from '../../../../shared/codes';
import { ApiError } from '../../../../shared/contract/errors';
import type { RecordDetail } from '../../../../shared/contract/records';
import type { Db } from '../db/open';
import { appNamesById, loadApps } from './app-directory';
import { carrierDecoder, toRecordItem, type RecordRow } from './record-item';
import { recordsQuery } from './records-query';

export function getRecord(db: Db, seq: number): RecordDetail {
  return recordDetail(db, seq, recordsQuery(db).bySeq(seq) ?? null);
}

/** A record's detail from its row (read from the workspace or a team store) and the workspace's apps. */
export function recordDetail(db: Db, seq: number, row: RecordRow | null): RecordDetail {
  if (!row) throw new ApiError('NOT_FOUND', `no auth record with seq ${seq}`);
  const apps = loadApps(db);
  const item = toRecordItem(row, appNamesById(apps), carrierDecoder());
  const app = apps.find((a) => a.id === row.id) ?? null;
  return {
    ...item,
    resultCodeEntries: findCodes(row.result_code, recordLookupOptions('resultCode')),
    carrierCodeEntries: row.carrier_code ? findCodes(row.carrier_code, recordLookupOptions('carrierCode', row.operator)) : [],
    app: app ? { id: app.id, appId: app.appId, name: app.name, platform: app.platform, status: app.status } : null,
  };
}
