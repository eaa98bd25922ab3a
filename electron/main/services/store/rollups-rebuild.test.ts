import { describe, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../testing/context';
import { authRecordsWriter } from './auth-records-repo';
import { rebuildRollups } from './rollups-rebuild';
import { loadFixture } from '../records/testing/fixture';

const tables = ['rollup_daily', 'rollup_hourly', 'rollup_failures'] as const;
const dump = (db: ReturnType<typeof openTestWorkspaceDb>, t: string) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`).all();

describe('rebuildRollups', () => {
  it('recomputes exactly what incremental ingest keeps (Shanghai days and hours included)', () => {
    const db = openTestWorkspaceDb();
    loadFixture(db);
    const incremental = Object.fromEntries(tables.map((t) => [t, dump(db, t)]));
    expect(incremental.rollup_daily!.length).toBeGreaterThan(10);
    expect(incremental.rollup_failures!.length).toBeGreaterThan(0);
    db.exec('UPDATE rollup_daily SET calls = calls + 1');
    rebuildRollups(db);
    for (const t of tables) expect(dump(db, t)).toEqual(incremental[t]);
    db.close();
  });

  it('leaves empty rollups for an empty table', () => {
    const db = openTestWorkspaceDb();
    authRecordsWriter(db).insert([]);
    rebuildRollups(db);
    for (const t of tables) expect(dump(db, t)).toEqual([]);
    db.close();
  });
});
