import { describe, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../testing/context';
import { authRecordsWriter } from './auth-records-repo';
import { rollupsRepo } from './rollups-repo';
import { loadFixture } from '../records/testing/fixture';

const tables = ['rollup_daily', 'rollup_hourly', 'rollup_failures', 'rollup_codes_hourly', 'rollup_codes_daily', 'rollup_billable_daily'] as const;
const dump = (db: ReturnType<typeof openTestWorkspaceDb>, t: string) => {
  const n = db.prepare(`SELECT COUNT(*) FROM pragma_table_info(?)`).pluck().get(t) as number;
  return db.prepare(`SELECT * FROM ${t} ORDER BY ${Array.from({ length: n }, (_, i) => i + 1).join(', ')}`).all();
};

describe('rollupsRepo.rebuild', () => {
  it('recomputes exactly what incremental ingest keeps (Shanghai days and hours included)', () => {
    const db = openTestWorkspaceDb();
    loadFixture(db);
    const incremental = Object.fromEntries(tables.map((t) => [t, dump(db, t)]));
    expect(incremental.rollup_daily!.length).toBeGreaterThan(10);
    expect(incremental.rollup_failures!.length).toBeGreaterThan(0);
    db.exec('UPDATE rollup_daily SET calls = calls + 1; UPDATE rollup_codes_hourly SET failures = failures + 1');
    rollupsRepo(db).rebuild();
    for (const t of tables) expect(dump(db, t)).toEqual(incremental[t]);
    db.close();
  });

  it('leaves empty rollups for an empty table', () => {
    const db = openTestWorkspaceDb();
    authRecordsWriter(db).insert([]);
    rollupsRepo(db).rebuild();
    for (const t of tables) expect(dump(db, t)).toEqual([]);
    db.close();
  });
});
