/**
 * Sync ingest: auth records from the emulator over loopback into a workspace database (signed
 * requests, verified and schema-checked responses, rollups kept current, one transaction per
 * page), next to a bare better-sqlite3 insert of the same rows into the same schema, measured
 * in the same run. Pages are fetched, verified, parsed and validated in the page worker thread
 * while this thread commits (issue 13); the in-thread client is measured too, for comparison.
 * Goal (issue 13): ingest ≥ 0.8 × bare insert. Also the bare insert at several commit sizes
 * (the measurement behind one commit per 5,000-record page) and the database's bytes per record.
 *
 * The emulator runs as its own process (`onetap emulator`), as a platform would: its work of
 * generating pages is not charged to the console. BENCH_SYNC_DAYS × BENCH_SYNC_DAILY records
 * (default 20 × 10,000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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
    // The writer thread's busy time: event-loop utilisation counts this thread only (process.cpuUsage
    // would add the worker's CPU), and a synchronous commit counts as busy.
    const ingest = async (file: string, pageWorker: boolean): Promise<{ db: Db; written: number; ms: number; cpuMs: number; busyMs: number }> => {
      const client = createPlatformClient({ endpoint: ready.url, accessKey: admin.accessKey, secretKey: admin.secretKey, pageWorker });
      const db = openWorkspaceDatabase(file);
      let started = 0;
      let finished = 0;
      let cpu = process.cpuUsage();
      let elu = performance.eventLoopUtilization();
      let busyMs = 0;
      const summary = await runSync({
        db,
        client,
        secrets: memorySecretStore(),
        clock: systemClock,
        resources: ['records'],
        onProgress: (p) => {
          if (p.phase === 'start') {
            started = performance.now();
            cpu = process.cpuUsage();
            elu = performance.eventLoopUtilization();
          }
          if (p.phase === 'done') {
            finished = performance.now();
            busyMs = performance.eventLoopUtilization(elu).active;
          }
        },
      });
      const used = process.cpuUsage(cpu);
      client.close();
      const records = summary.resources.records!;
      if (!summary.ok || records.error) throw new Error(`sync failed: ${JSON.stringify(records.error)}`);
      return { db, written: records.written, ms: finished - started, cpuMs: (used.user + used.system) / 1000, busyMs };
    };
    // The in-thread client first (also warms the emulator's page cache for both).
    const single = await ingest(join(dir, 'single.db'), false);
    single.db.close();
    const ingestFile = join(dir, 'ingest.db');
    const both = await ingest(ingestFile, true);
    const db = both.db;
    const records = { written: both.written };
    const ingestMs = both.ms;
    const ingestRate = (records.written / ingestMs) * 1000;
    const singleRate = (single.written / single.ms) * 1000;
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
    // Commit size: the same bare insert with transactions of other sizes (fresh file each).
    const commitSizes: string[] = [];
    for (const size of [500, 1000, 2000, 5000, 20000]) {
      const f = join(dir, `bare-${size}.db`);
      const b = openWorkspaceDatabase(f);
      const ms = bareInsert(b, rows, size);
      b.close();
      commitSizes.push(`${fmt(size)}: ${fmt((rows.length / ms) * 1000)}`);
    }

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
      `sync ingest (loopback)  ${fmt(ingestRate)} rows/s  (${(ingestMs / 1000).toFixed(2)} s, this thread's CPU ${fmt(both.cpuMs)} ms: pages via the worker thread, insert + rollups, page commits)`,
    );
    console.log(
      `  in-thread client      ${fmt(singleRate)} rows/s  (${(single.ms / 1000).toFixed(2)} s, CPU ${fmt(single.cpuMs)} ms: fetch, verify, parse, validate on the writer's thread)`,
    );
    console.log(`bare insert (baseline)  ${fmt(bareRate)} rows/s  (${(bareMs / 1000).toFixed(2)} s: same rows, same schema, no rollups, 5,000 a commit)`);
    console.log(`  by commit size        ${commitSizes.join(' · ')} rows/s`);
    console.log(
      `ratio                   ${ratio.toFixed(2)}  (goal ≥ 0.8) ${ratio >= 0.8 ? 'OK' : 'BELOW GOAL'}; in-thread ${(singleRate / bareRate).toFixed(2)}`,
    );
    console.log(`wire only (no DB)       ${fmt(fetchRate)} rows/s  (emulator pages + sign, verify, parse, validate)`);
    console.log(
      `DB bytes per record     ${fmt(bytes / records.written)}  (records, indexes and rollups; bare table + indexes: ${fmt(bareBytes / rows.length)})`,
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
