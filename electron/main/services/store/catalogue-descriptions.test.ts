/**
 * Descriptions from the code catalogue (workspace-0021): a record whose description is the
 * catalogue's text for its (operator, code) keeps no text key; every record still reads back
 * byte-identical. The oracle is the input itself: records over every code of the catalogue, at
 * every operator, as a carrier code and as a result code, with the catalogue's text and with
 * deviating ones (a space more, another entry's wording, English, empty), written by the real
 * writer and read back through the auth_records view and the search's own decoding.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCodes } from '../../../../shared/codes';
import { catalogueDescription } from '../../../../shared/codes/record-description';
import { operators } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { migrate, schemaVersion } from '../db/migrate';
import { workspaceMigrations } from '../db/migrations';
import { workspaceCatalogueDescriptions } from '../db/migrations/workspace-0021-catalogue-descriptions';
import { openDatabase, type Db } from '../db/open';
import { searchRecords } from '../records/record-scanner';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { openTestWorkspaceDb } from '../testing/context';
import { authRecordsWriter } from './auth-records-repo';
import { discardRepo } from './discard-repo';
import { CATALOGUE_DESCRIPTION } from './record-codec';

const dir = mkdtempSync(join(tmpdir(), 'onetap-catalogue-desc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every catalogue code at every operator, as carrier and as result code, with the catalogue's text and four deviations. */
function records(): PlatformAuthRecord[] {
  const wanted: Pick<PlatformAuthRecord, 'operator' | 'resultCode' | 'carrierCode' | 'description' | 'success' | 'outcome'>[] = [];
  const codes = [...new Set(allCodes.map((e) => e.code))];
  for (const operator of operators)
    for (const code of codes) {
      const entry = allCodes.find((e) => e.code === code)!;
      const asCarrier = catalogueDescription(operator, 'carrier', code);
      const asResult = catalogueDescription(operator, 'result', code);
      const fail = { success: false, outcome: null } as const;
      wanted.push(
        { operator, resultCode: '10500', carrierCode: code, description: asCarrier ?? entry.meaning, ...fail },
        { operator, resultCode: code, carrierCode: null, description: asResult ?? entry.meaning, ...fail },
        { operator, resultCode: '10500', carrierCode: code, description: `${asCarrier ?? entry.meaning} `, ...fail },
        { operator, resultCode: code, carrierCode: null, description: entry.meaningEn, ...fail },
        // The result code's text on a record with a carrier code, and the carrier's on one without.
        { operator, resultCode: code, carrierCode: code, description: asResult ?? '', ...fail },
        { operator, resultCode: code, carrierCode: null, description: asCarrier ?? '', ...fail },
      );
    }
  const base = fixtureRecords(wanted.length, 21);
  return wanted.map((w, i) => ({ ...base[i]!, ...w }));
}

/** seq → description as the view decodes it. */
function viewDescriptions(db: Db): Map<number, string> {
  return new Map(db.prepare('SELECT seq, description FROM auth_records').raw().all() as [number, string][]);
}

function expectExact(db: Db, input: readonly PlatformAuthRecord[]): void {
  const read = viewDescriptions(db);
  expect(read.size).toBe(input.length);
  const wrong = input.filter((r) => read.get(r.seq) !== r.description);
  expect(wrong.map((r) => [r.seq, r.description, read.get(r.seq)])).toEqual([]);
}

/** Records stored without a text key of their own, counted independently of the store. */
function expectedFromCatalogue(input: readonly PlatformAuthRecord[]): number {
  return input.filter((r) => r.description === catalogueDescription(r.operator, r.carrierCode === null ? 'result' : 'carrier', r.carrierCode ?? r.resultCode))
    .length;
}

const fromCatalogue = (db: Db): number =>
  db.prepare('SELECT COUNT(*) FROM auth_record_rows WHERE description = ?').pluck().get(CATALOGUE_DESCRIPTION) as number;

/** Every record and rollup in a canonical form that does not depend on the schema. */
function contentHash(db: Db): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, sql] of [
    ['records', 'SELECT * FROM auth_records ORDER BY seq'],
    ...['rollup_daily', 'rollup_hourly', 'rollup_failures', 'rollup_codes_hourly', 'rollup_slots', 'rollup_slot_failures'].map((t) => {
      const columns = db.prepare('SELECT COUNT(*) FROM pragma_table_info(?)').pluck().get(t) as number;
      return [t, `SELECT * FROM ${t} ORDER BY ${Array.from({ length: columns }, (_, i) => i + 1).join(', ')}`];
    }),
  ] as const) {
    const h = createHash('sha256');
    let n = 0;
    for (const row of db.prepare(sql).raw().iterate()) {
      h.update(`${JSON.stringify(row)}\n`);
      n++;
    }
    out[name] = `${n} ${h.digest('hex')}`;
  }
  return out;
}

describe('descriptions from the code catalogue', () => {
  it('reads every record back byte-identical, storing no text key where the catalogue has it', () => {
    const input = records();
    const db = openTestWorkspaceDb();
    loadFixture(db, input);
    expectExact(db, input);
    const expected = expectedFromCatalogue(input);
    expect(expected).toBeGreaterThan(input.length / 4);
    expect(fromCatalogue(db)).toBe(expected);
    // The texts kept are the deviating ones only (and no catalogue text is kept twice).
    const kept = db.prepare('SELECT COUNT(*) FROM auth_record_rows WHERE description <> ?').pluck().get(CATALOGUE_DESCRIPTION) as number;
    expect(kept).toBe(input.length - expected);
    // The search decodes through its own SQL (record-sql.ts), not the view: the same texts.
    const byId = new Map(input.map((r) => [r.seq, r.description]));
    let after: string | undefined;
    let seen = 0;
    do {
      const page = searchRecords(db, { limit: 500, ...(after ? { after } : {}) });
      for (const item of page.items) expect(item.description).toBe(byId.get(item.seq));
      seen += page.items.length;
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toBe(input.length);
    db.close();
  });

  it('decodes with the text the store adopted, whatever a later catalogue says', () => {
    const db = openTestWorkspaceDb();
    // A store whose earlier release adopted other wording for 10500 at China Mobile (as a result code).
    const key = Number(db.prepare('INSERT INTO record_codes (text) VALUES (?)').run('10500').lastInsertRowid);
    db.prepare('INSERT INTO record_catalogue (operator, carrier, code, text) VALUES (0, 0, ?, ?)').run(key, '取号失败（旧版措辞）');
    const current = catalogueDescription('CMCC', 'result', '10500')!;
    expect(current).not.toBe('取号失败（旧版措辞）');
    const base = fixtureRecords(2, 5);
    const input = [
      { ...base[0]!, operator: 'CMCC' as const, resultCode: '10500', carrierCode: null, success: false, outcome: null, description: '取号失败（旧版措辞）' },
      { ...base[1]!, operator: 'CMCC' as const, resultCode: '10500', carrierCode: null, success: false, outcome: null, description: current },
    ];
    loadFixture(db, input);
    expectExact(db, input);
    // The old wording is the adopted text (no key); today's catalogue text is kept as the record's own.
    expect(db.prepare('SELECT seq FROM auth_record_rows WHERE description = ?').pluck().all(CATALOGUE_DESCRIPTION)).toEqual([input[0]!.seq]);
    expect(db.prepare('SELECT text FROM record_catalogue WHERE operator = 0 AND carrier = 0 AND code = ?').pluck().all(key)).toEqual(['取号失败（旧版措辞）']);
    db.close();
  });

  it('stays exact after the records are discarded and synced again (code keys start over)', () => {
    const db = openTestWorkspaceDb();
    const first = records().slice(0, 600);
    loadFixture(db, first);
    db.transaction(() => discardRepo(db).discard('records'))();
    // Other codes first, so the same code texts get other keys than before.
    const again = [...records().slice(600, 1800)].reverse();
    const writer = authRecordsWriter(db);
    db.transaction(() => writer.insert(again))();
    expectExact(db, again);
    expect(fromCatalogue(db)).toBe(expectedFromCatalogue(again));
    db.close();
  });

  it('migrates a store in place (workspace-0021): counts and content hashes equal, catalogue texts no longer kept per text', () => {
    const input = records();
    const file = join(dir, 'before.db');
    const beforeSchema = workspaceMigrations.slice(0, workspaceMigrations.indexOf(workspaceCatalogueDescriptions));
    const before = openDatabase(file, { migrations: beforeSchema });
    expect(schemaVersion(before)).toBe(beforeSchema.length);
    loadFixture(before, input);
    expectExact(before, input);
    expect(before.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'record_catalogue'").pluck().get()).toBe(0);
    const hashBefore = contentHash(before);
    migrate(before, workspaceMigrations);
    expect(schemaVersion(before)).toBe(workspaceMigrations.length);
    expect(contentHash(before)).toEqual(hashBefore);
    expectExact(before, input);
    expect(fromCatalogue(before)).toBe(expectedFromCatalogue(input));
    expect(before.pragma('integrity_check', { simple: true })).toBe('ok');
    before.close();
    // The migrated store is the store the current writer makes from the same records.
    const fresh = openTestWorkspaceDb();
    loadFixture(fresh, input);
    const migrated = openTestWorkspaceDb(file);
    expect(contentHash(migrated)).toEqual(contentHash(fresh));
    expect(fromCatalogue(migrated)).toBe(fromCatalogue(fresh));
    migrated.close();
    fresh.close();
  });
});
