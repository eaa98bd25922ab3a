import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsSearchOutput } from '../../../shared/contract/records';
import { openTestWorkspaceDb } from '../../main/services/testing/context';
import { loadFixture } from '../../main/services/records/testing/fixture';
import { oracleSearch } from '../../main/services/records/testing/oracle';
import type { PlatformAuthRecord } from '../../../shared/platform/schemas';
import { onetap } from '../testing/run-in-process';

let dir: string;
let dbFile: string;
let records: PlatformAuthRecord[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-records-'));
  dbFile = join(dir, 'workspace.db');
  const db = openTestWorkspaceDb(dbFile);
  records = loadFixture(db);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onetap records search', () => {
  it('prints { total, items, next } for the filter flags and pages with --after', async () => {
    const filter = { operator: 'CMCC', result: 'failure', from: '2026-11-01', to: '2026-11-16' } as const;
    const expected = oracleSearch(records, filter).map((r) => r.seq);
    const args = [
      'records',
      'search',
      '--db',
      dbFile,
      '--operator',
      'CMCC',
      '--result',
      'failure',
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-16',
      '--limit',
      '20',
      '--json',
    ];
    const first = await onetap(...args);
    expect(first.code).toBe(0);
    const page1 = JSON.parse(first.stdout) as RecordsSearchOutput;
    expect(page1.total).toBe(expected.length);
    expect(page1.items.map((i) => i.seq)).toEqual(expected.slice(0, 20));
    expect(page1.next).toEqual(expect.any(String));
    const second = JSON.parse((await onetap(...args, '--after', page1.next!)).stdout) as RecordsSearchOutput;
    expect(second.items.map((i) => i.seq)).toEqual(expected.slice(20, 40));
  });

  it('accepts --app-name and --code and agrees with the service', async () => {
    const r = await onetap('records', 'search', '--db', dbFile, '--app-name', 'beta', '--code', '10500', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RecordsSearchOutput;
    expect(out.total).toBe(oracleSearch(records, { appName: 'beta', code: '10500' }).length);
    expect(out.items.every((i) => !i.success && i.appName === 'Beta 支付')).toBe(true);
  });

  it('prints a table without --json, with the total and the next cursor', async () => {
    const r = await onetap('records', 'search', '--db', dbFile, '--limit', '3');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^request time\s+app\s+op/);
    expect(lines.filter((l) => /\+08:00/.test(l))).toHaveLength(3);
    expect(r.stdout).toMatch(new RegExp(`3 of ${records.length} record\\(s\\); next page: --after \\S+`));
  });

  it('refuses bad flags with exit 2 and names the flag', async () => {
    for (const [flag, value] of [
      ['--operator', 'CMXX'],
      ['--limit', '0'],
      ['--limit', 'ten'],
      ['--from', 'yesterday'],
      ['--after', 'bogus'],
    ] as const) {
      const r = await onetap('records', 'search', '--db', dbFile, flag, value, '--json');
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toMatch(new RegExp(flag === '--after' ? 'after' : flag.slice(2)));
    }
    const missing = await onetap('records', 'search', '--db', join(dir, 'nope.db'));
    expect(missing.code).toBe(2);
  });
});

describe('onetap records get', () => {
  it('shows one record, and NOT_FOUND (exit 1) for an unknown seq', async () => {
    const failed = records.find((r) => !r.success && r.carrierCode === '103111')!;
    const r = await onetap('records', 'get', String(failed.seq), '--db', dbFile);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/carrier code\s+103111 — /);
    expect(r.stdout).toContain(failed.maskedPhone!);
    const json = JSON.parse((await onetap('records', 'get', String(failed.seq), '--db', dbFile, '--json')).stdout) as {
      seq: number;
      carrierCodeEntries: unknown[];
    };
    expect(json.seq).toBe(failed.seq);
    expect(json.carrierCodeEntries.length).toBeGreaterThan(0);
    const none = await onetap('records', 'get', '99999999', '--db', dbFile);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/NOT_FOUND/);
  });
});
