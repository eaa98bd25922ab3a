import { describe, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../testing/context';
import { appNamesById, loadApps } from './app-directory';
import { carrierDecoder, rawToRecordItem, toRecordItem, type RawRecordRow, type RecordRow } from './record-item';
import { RECORD_COLUMNS } from './record-sql';
import { loadFixture } from './testing/fixture';

describe('rawToRecordItem', () => {
  it('reads a raw row (RECORD_COLUMNS order) exactly as toRecordItem reads the same row as an object', () => {
    const db = openTestWorkspaceDb();
    loadFixture(db);
    const names = appNamesById(loadApps(db));
    const sql = `SELECT ${RECORD_COLUMNS} FROM auth_records ORDER BY seq`;
    const objects = db.prepare(sql).all() as RecordRow[];
    const arrays = db.prepare(sql).raw(true).all() as RawRecordRow[];
    expect(arrays).toHaveLength(3000);
    const decode = carrierDecoder();
    expect(arrays.map((r) => rawToRecordItem(r, names, decode))).toEqual(objects.map((r) => toRecordItem(r, names, decode)));
    // The fixture exercises the nullable and decoded columns.
    expect(objects.some((r) => r.carrier_code !== null && r.outcome !== null && r.auth_type === null)).toBe(true);
    db.close();
  });
});
