import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWorkspaceDb } from '../../main/services/testing/context';
import { loadFixture } from '../../main/services/records/testing/fixture';
import { onetap } from '../testing/run-in-process';

let dir: string;
let dbFile: string;
let octRecords: number;
const savedDataDir = process.env.ONETAP_DATA_DIR;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-archive-'));
  process.env.ONETAP_DATA_DIR = join(dir, 'data');
  dbFile = join(dir, 'workspace.db');
  const db = openTestWorkspaceDb(dbFile);
  const records = loadFixture(db);
  octRecords = records.filter((r) => r.requestTime.startsWith('2026-10')).length;
  db.close();
});
afterAll(() => {
  if (savedDataDir === undefined) delete process.env.ONETAP_DATA_DIR;
  else process.env.ONETAP_DATA_DIR = savedDataDir;
  rmSync(dir, { recursive: true, force: true });
});

const json = async (...args: string[]) => {
  const r = await onetap(...args, '--db', dbFile, '--json');
  return { code: r.code, out: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : null, stderr: r.stderr };
};

describe('onetap archive', () => {
  it('create --drop, verify, import and the retention window, through the contract', async () => {
    const created = await json('archive', 'create', '2026-10', '--drop');
    expect(created.code).toBe(0);
    expect(created.out).toMatchObject({ month: '2026-10', state: 'dropped', storedRecords: 0, archive: { records: octRecords } });
    const path = (created.out!.archive as { path: string }).path;
    expect(existsSync(path)).toBe(true);

    expect(await json('archive', 'verify', '2026-10')).toMatchObject({ code: 0, out: { ok: true, records: octRecords } });
    expect(await json('archive', 'verify', '--file', path)).toMatchObject({ code: 0, out: { ok: true } });

    const imported = await json('archive', 'import', '2026-10');
    expect(imported).toMatchObject({ code: 0, out: { month: '2026-10', imported: octRecords, skipped: 0 } });

    expect(await json('archive', 'retention', '--raw-months', '3')).toMatchObject({ code: 0, out: { rawMonths: 3 } });
    expect(await json('archive', 'retention')).toMatchObject({ code: 0, out: { rawMonths: 3 } });
    const list = await json('archive', 'list');
    expect((list.out!.months as { month: string; state: string }[]).map((m) => [m.month, m.state])).toEqual([
      ['2026-10', 'archived'],
      ['2026-11', 'live'],
    ]);
  });

  it('usage errors exit 2 and bad months are refused by the contract', async () => {
    expect((await onetap('archive', 'import', '--db', dbFile)).code).toBe(2);
    expect((await onetap('archive', 'retention', '--raw-months', 'many', '--db', dbFile)).code).toBe(2);
    const bad = await onetap('archive', 'create', '2026-13', '--db', dbFile);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/month/);
  });
});
