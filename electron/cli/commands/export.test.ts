import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceMigrations } from '../../main/services/db/migrations';
import { openDatabase } from '../../main/services/db/open';
import { searchRecords } from '../../main/services/records/record-scanner';
import { loadFixture } from '../../main/services/records/testing/fixture';

const bin = fileURLToPath(new URL('../../../bin/onetap.mjs', import.meta.url));
const SECRET_ENV = { ONETAP_ACCESS_KEY: 'AK-cli-audit', ONETAP_SECRET_KEY: 'cli-secret-0123456789' };

let dir: string;
let dbFile: string;
let total: { all: number; cmccFailures: number };

function onetap(args: string[], env: Record<string, string> = SECRET_ENV) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONETAP_')));
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 90_000, env: { ...clean, ONETAP_DATA_DIR: join(dir, 'data'), ...env } });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-export-'));
  dbFile = join(dir, 'workspace.db');
  const db = openDatabase(dbFile, { migrations: workspaceMigrations });
  loadFixture(db);
  total = {
    all: searchRecords(db, { limit: 1 }).total,
    cmccFailures: searchRecords(db, { operator: 'CMCC', result: 'failure', limit: 1 }).total,
  };
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onetap export', () => {
  it('records → { file, manifest, rows, sha256 }; verify → ok; a changed byte → exit 1 naming it', () => {
    const out = join(dir, 'cmcc-failures.csv');
    const r = onetap(['export', 'records', '--db', dbFile, '--operator', 'CMCC', '--result', 'failure', '--format', 'csv', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(res).sort()).toEqual(['file', 'manifest', 'rows', 'sha256']);
    expect(res).toMatchObject({ file: out, manifest: `${out}.manifest.json`, rows: total.cmccFailures });
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      accessKey: 'AK-cli-audit',
      filter: { operator: 'CMCC', result: 'failure' },
      rows: total.cmccFailures,
      file: { sha256: res.sha256 },
    });

    const ok = onetap(['export', 'verify', out, '--db', dbFile, '--json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, problems: [] });

    const bytes = readFileSync(out);
    bytes[bytes.length - 5] = 0x39;
    writeFileSync(out, bytes);
    const bad = onetap(['export', 'verify', out, '--db', dbFile, '--json']);
    expect(bad.status).toBe(1);
    const verdict = JSON.parse(bad.stdout) as { ok: boolean; problems: { code: string; message: string }[] };
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => p.code)).toEqual(['HASH_MISMATCH']);
    expect(Object.keys(verdict.problems[0]!).sort()).toEqual(['code', 'message']);
  });

  it('without the secret key nothing is written (exit 1); bad flags are usage errors (exit 2)', () => {
    const out = join(dir, 'nokey.jsonl');
    const r = onetap(['export', 'records', '--db', dbFile, '--format', 'jsonl', '--out', out], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ONETAP_SECRET_KEY/);
    expect(readdirSync(dir).filter((f) => f.startsWith('nokey') || f.includes('.part'))).toEqual([]);

    const usage = onetap(['export', 'records', '--db', dbFile, '--format', 'pdf', '--out', join(dir, 'x.pdf')]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--format/);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('all records as XLSX; verify without --json prints a readable verdict', () => {
    const out = join(dir, 'all.xlsx');
    const r = onetap(['export', 'records', '--db', dbFile, '--format', 'xlsx', '--locale', 'en-US', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${total.all.toLocaleString('en-US')} record(s) to ${out}`);
    rmSync(`${out}.manifest.json`);
    const v = onetap(['export', 'verify', out, '--db', dbFile]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain('MANIFEST_MISSING');
  });

  it('a truncated XLSX ends in bounded time with a clear verdict (exit 1), never a silent hang', () => {
    const out = join(dir, 'trunc.xlsx');
    expect(onetap(['export', 'records', '--db', dbFile, '--format', 'xlsx', '--out', out]).status).toBe(0);
    const whole = readFileSync(out);
    for (const pct of [7, 93]) {
      writeFileSync(out, whole.subarray(0, Math.floor((whole.length * pct) / 100)));
      const v = onetap(['export', 'verify', out, '--db', dbFile, '--json']);
      expect(v.status, `${pct}%: ${v.stderr}`).toBe(1);
      const body = JSON.parse(v.stdout) as { ok: boolean; problems: { code: string }[] };
      expect(body.ok).toBe(false);
      expect(body.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['FILE_UNREADABLE', 'HASH_MISMATCH']));
    }
  }, 180_000);

  it('refuses to read the workspace database (or any file that is not an export) as an export: exit 2', () => {
    for (const target of [dbFile, `${dbFile}-wal`, join(dir, 'no-manifest.txt')]) {
      if (target.endsWith('.txt')) writeFileSync(target, 'hello');
      const v = onetap(['export', 'verify', target, '--db', dbFile]);
      expect(v.status, target).toBe(2);
      expect(v.stderr).toContain('not an export');
    }
  }, 180_000);

  it('the secret key from standard input (--secret-key-file -) signs like the environment', () => {
    const out = join(dir, 'stdin-secret.jsonl');
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONETAP_')));
    const r = spawnSync(
      process.execPath,
      [
        bin,
        'export',
        'records',
        '--db',
        dbFile,
        '--format',
        'jsonl',
        '--out',
        out,
        '--access-key',
        SECRET_ENV.ONETAP_ACCESS_KEY,
        '--secret-key-file',
        '-',
        '--json',
      ],
      {
        encoding: 'utf8',
        timeout: 90_000,
        input: `${SECRET_ENV.ONETAP_SECRET_KEY}\n`,
        env: { ...clean, ONETAP_DATA_DIR: join(dir, 'data') },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    // Verified with the secret from the environment: the same key signed it.
    const v = onetap(['export', 'verify', out, '--db', dbFile, '--json']);
    expect(JSON.parse(v.stdout)).toEqual({ ok: true, problems: [] });
  }, 180_000);
});
