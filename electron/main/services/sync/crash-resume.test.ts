/**
 * kill -9 of a sync process at random moments, then resume: after every kill the database is
 * at a page boundary (records contiguous up to the cursor, rollups equal to the records), and
 * the final run ends exactly equal to the emulator's feed. The final run goes through the real
 * `onetap sync --json` command. Both sync through the page worker thread (testing/crash-child.ts and the
 * registry's clients set pageWorker), started from its TypeScript source or the built bundle.
 * And a kill inside a grouped commit (several ready pages in one transaction): the child kills
 * itself while inserting a record beyond the first page of such a transaction.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../../emulator/index';
import { syncSummarySchema } from '../../../../shared/contract/sync';
import { workspaceMigrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { storedRecordsDigest } from '../store/content-digest';
import { emulatorDigest, failuresFromRecords, rollupsFromRecords, storedFailures, storedRollups } from './testing/helpers';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));
const TRIALS = 15;

let emu: StartedEmulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ seed: 21, days: 20, daily: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'onetap-crash-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A small seeded generator, so a failing run can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function connectionEnv(): NodeJS.ProcessEnv {
  const k = emu.key('admin');
  return { ...process.env, ONETAP_ENDPOINT: emu.url, ONETAP_ACCESS_KEY: k.accessKey, ONETAP_SECRET_KEY: k.secretKey };
}

/** Runs the child and SIGKILLs it once it has committed `pages` pages of records (+ a random few ms). */
function runAndKill(file: string, pages: number, extraMs: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, '500'], { cwd: ROOT, env: connectionEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = -1;
    let armed = false;
    let buf = '';
    let err = '';
    const arm = (): void => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), extraMs);
    };
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'ready' && pages === 0) arm();
        if (line.startsWith('records page')) {
          seen++;
          if (seen >= pages) arm();
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve({ killed: true });
      if (code === 0) return resolve({ killed: false });
      reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

/** Runs the child to its end (exit or its own SIGKILL) with extra environment; its stdout and how it ended. */
function runChild(file: string, env: Record<string, string>): Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, '500'], {
      cwd: ROOT,
      env: { ...connectionEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' || code === 0 ? resolve({ stdout, signal, code }) : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
}

function checkPageBoundary(file: string): number {
  const db = openDatabase(file, { migrations: workspaceMigrations });
  try {
    const cursor = Number(db.prepare("SELECT cursor FROM sync_state WHERE resource = 'records'").pluck().get() ?? 0);
    const { n, max } = db.prepare('SELECT count(*) AS n, coalesce(max(seq), 0) AS max FROM auth_records').get() as { n: number; max: number };
    // The emulator's seqs are 1..head: a committed prefix has exactly `cursor` rows, none beyond it.
    expect(n).toBe(cursor);
    expect(max).toBe(cursor);
    expect(db.prepare("SELECT rows FROM sync_state WHERE resource = 'records'").pluck().get() ?? 0).toBe(cursor);
    expect(storedRollups(db)).toBe(rollupsFromRecords(db));
    expect(storedFailures(db)).toBe(failuresFromRecords(db));
    // Killed while the WAL's checkpoint thread copied it (crash-child starts it at the first commit): still sound.
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return cursor;
  } finally {
    db.close();
  }
}

describe('crash and resume', () => {
  it(`survives kill -9 at ${TRIALS} random moments and ends exact`, { timeout: 420_000 }, async () => {
    const seed = Number(process.env.CRASH_SEED ?? 20261122);
    const random = rng(seed);
    const file = join(dir, 'crash.db');
    let killedMidway = 0;
    let last = 0;
    for (let t = 0; t < TRIALS; t++) {
      // Kill before the first page (start-up, whoami, apps) or after 1–4 committed pages, a few ms in.
      const pages = random() < 0.2 ? 0 : 1 + Math.floor(random() * 3);
      const { killed } = await runAndKill(file, pages, Math.floor(random() * 25));
      const cursor = checkPageBoundary(file);
      expect(cursor, `seed ${seed}, trial ${t}`).toBeGreaterThanOrEqual(last);
      if (killed && cursor < emu.head()) killedMidway++;
      last = cursor;
    }
    expect(killedMidway).toBeGreaterThan(0);

    // Resume to the end with the real command.
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/onetap.mjs', 'sync', '--db', file, '--data-dir', join(dir, 'data'), '--json'], {
        cwd: ROOT,
        env: connectionEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`onetap sync exited ${code}: ${stderr}${stdout}`))));
    });
    const summary = syncSummarySchema.parse(JSON.parse(out));
    expect(summary.ok).toBe(true);
    expect(summary.resources.records).toMatchObject({ fetched: emu.head() - last, written: emu.head() - last, cursor: emu.head() });
    checkPageBoundary(file);
    const db = openDatabase(file, { migrations: workspaceMigrations });
    try {
      expect(storedRecordsDigest(db)).toEqual(await emulatorDigest(emu));
    } finally {
      db.close();
    }
  });

  it(
    'survives kill -9 inside a grouped commit: the last whole commit stays, nothing of the group, and the resume ends exact',
    { timeout: 240_000 },
    async () => {
      const file = join(dir, 'group.db');
      let last = 0;
      for (const at of [2600, 9100]) {
        const run = await runChild(file, { CRASH_IN_GROUP: String(at) });
        expect(run.signal).toBe('SIGKILL');
        const m = /killing inside a group: cursor (\d+), seq (\d+)/.exec(run.stdout);
        expect(m, run.stdout).not.toBeNull();
        const [committed, seq] = [Number(m![1]), Number(m![2])];
        // Killed while writing a record beyond the transaction's first page: inside a group of pages.
        expect(seq).toBeGreaterThan(committed + 500);
        expect(committed).toBeGreaterThanOrEqual(last);
        // Exactly the commits before it, at a page boundary, rollups equal to the records.
        expect(checkPageBoundary(file)).toBe(committed);
        last = committed;
      }
      const done = await runChild(file, {});
      expect(done.code).toBe(0);
      expect(checkPageBoundary(file)).toBe(emu.head());
      const db = openDatabase(file, { migrations: workspaceMigrations });
      try {
        expect(storedRecordsDigest(db)).toEqual(await emulatorDigest(emu));
      } finally {
        db.close();
      }
    },
  );
});
