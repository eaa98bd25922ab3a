/**
 * Sync ingest: auth records from the emulator over loopback into a workspace database (signed
 * requests, verified and schema-checked responses, rollups kept current, one transaction per
 * page), next to a bare better-sqlite3 insert of the same rows into the same schema, measured
 * in the same run. Goal (issue 4): ingest ≥ 0.5 × bare. Also the database's bytes per record.
 *
 * The emulator runs as its own process (`onetap emulator`), as a platform would: its work of
 * generating pages is not charged to the console. BENCH_SYNC_DAYS × BENCH_SYNC_DAILY records
 * (default 20 × 10,000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memorySecretStore } from '../electron/main/services/core/secrets';
import { systemClock } from '../electron/main/services/core/clock';
import type { Db } from '../electron/main/services/db/open';
import { createPlatformClient } from '../electron/main/services/platform/http-client';
import { runSync } from '../electron/main/services/sync/engine';
import { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';
import { COMPACT_COLUMNS } from '../electron/main/services/store/record-codec';

const DAYS = Number(process.env.BENCH_SYNC_DAYS ?? 20);
const DAILY = Number(process.env.BENCH_SYNC_DAILY ?? 10_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Ready {
  url: string;
  keys: { role: string; accessKey: string; secretKey: string }[];
}

function startEmulatorProcess(): Promise<{ ready: Ready; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/onetap.mjs', 'emulator', '--seed', '4', '--days', String(DAYS), '--daily', String(DAILY)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ ready: JSON.parse(buf.slice(0, nl)) as Ready, child });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

/** The bare baseline: the same stored (compact) rows, one prepared INSERT each, in transactions of a page's size. */
function bareInsert(db: Db, rows: unknown[][], pageSize: number): number {
  const ins = db.prepare(`INSERT INTO auth_record_rows (${COMPACT_COLUMNS.join(', ')}) VALUES (${COMPACT_COLUMNS.map(() => '?').join(', ')})`);
  const page = db.transaction((slice: unknown[][]) => {
    for (const r of slice) ins.run(...r);
  });
  const t = performance.now();
  for (let i = 0; i < rows.length; i += pageSize) page(rows.slice(i, i + pageSize));
  return performance.now() - t;
}

function fileBytes(db: Db, file: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(file).size;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-sync-'));
  const { ready, child } = await startEmulatorProcess();
  try {
    const admin = ready.keys.find((k) => k.role === 'admin')!;
    const client = createPlatformClient({ endpoint: ready.url, accessKey: admin.accessKey, secretKey: admin.secretKey });
    const ingestFile = join(dir, 'ingest.db');
    const db = openWorkspaceDatabase(ingestFile);
    let started = 0;
    let finished = 0;
    const summary = await runSync({
      db,
      client,
      secrets: memorySecretStore(),
      clock: systemClock,
      resources: ['records'],
      onProgress: (p) => {
        if (p.phase === 'start') started = performance.now();
        if (p.phase === 'done') finished = performance.now();
      },
    });
    client.close();
    const records = summary.resources.records!;
    if (!summary.ok || records.error) throw new Error(`sync failed: ${JSON.stringify(records.error)}`);
    const ingestMs = finished - started;
    const ingestRate = (records.written / ingestMs) * 1000;
    const bytes = fileBytes(db, ingestFile);

    const rows = db
      .prepare(`SELECT ${COMPACT_COLUMNS.join(', ')} FROM auth_record_rows ORDER BY seq`)
      .raw()
      .all() as unknown[][];
    db.close();
    const bareFile = join(dir, 'bare.db');
    const bare = openWorkspaceDatabase(bareFile);
    const bareMs = bareInsert(bare, rows, 5000);
    const bareRate = (rows.length / bareMs) * 1000;
    const bareBytes = fileBytes(bare, bareFile);
    bare.close();

    // What the console spends on the wire alone (sign, fetch, verify, parse, validate; no database).
    const fetchStart = performance.now();
    let fetched = 0;
    const reader = createPlatformClient({ endpoint: ready.url, accessKey: admin.accessKey, secretKey: admin.secretKey });
    for (let after = 0; ;) {
      const p = await reader.authRecords(after, 5000);
      fetched += p.items.length;
      after = p.next;
      if (!p.hasMore) break;
    }
    reader.close();
    const fetchRate = (fetched / (performance.now() - fetchStart)) * 1000;

    const ratio = ingestRate / bareRate;
    console.log(`records                 ${fmt(records.written)} (${DAYS} days × ~${fmt(DAILY)}/day)`);
    console.log(
      `sync ingest (loopback)  ${fmt(ingestRate)} rows/s  (${(ingestMs / 1000).toFixed(2)} s: fetch, verify, validate, insert + rollups, page commits)`,
    );
    console.log(`bare insert (baseline)  ${fmt(bareRate)} rows/s  (${(bareMs / 1000).toFixed(2)} s: same rows, same schema, no rollups)`);
    console.log(`ratio                   ${ratio.toFixed(2)}  (goal ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'BELOW GOAL'}`);
    console.log(`wire only (no DB)       ${fmt(fetchRate)} rows/s  (emulator pages + sign, verify, parse, validate)`);
    console.log(
      `DB bytes per record     ${fmt(bytes / records.written)}  (records, indexes and rollups; bare table + indexes: ${fmt(bareBytes / rows.length)})`,
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
