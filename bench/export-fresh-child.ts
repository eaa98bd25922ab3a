/**
 * The export benchmark's fresh-process measurement (spawned by export.bench.ts): opens the
 * database argv[2], exports every record as CSV to argv[3] through the real export path (on one
 * thread when argv[5] is `one`, on two worker threads when `two`, else as shipped; argv[6], when
 * given, is JSON of more ParallelOptions, e.g. the workers' heap limits), and prints one JSON line:
 * rows, milliseconds, RSS before, RSS peak and growth, threads, CPU ms (all threads, this thread).
 * Nothing else runs in this process, so the growth is the export's own, not what earlier passes
 * left behind.
 */
import { manualClock } from '../electron/main/services/core/clock';
import { memorySecretStore } from '../electron/main/services/core/secrets';
import { workspaceMigrations } from '../electron/main/services/db/migrations';
import { openDatabase } from '../electron/main/services/db/open';
import type { ParallelOptions } from '../electron/main/services/export/parallel-csv';
import { newExportId, runExport } from '../electron/main/services/export/run-export';
import { cpuClock } from './export-cpu';

const [file, target, now, threads, more] = process.argv.slice(2);
if (!file || !target || !now) throw new Error('usage: export-fresh-child <db> <target.csv> <now-ms> [one|two|three] [options-json]');
const db = openDatabase(file, { migrations: workspaceMigrations });
const workers = threads === 'one' ? 1 : threads === 'two' ? 2 : threads === 'three' ? 3 : undefined;
const parallel: ParallelOptions = { ...(workers ? { workers } : {}), ...(more ? (JSON.parse(more) as ParallelOptions) : {}) };
const env = {
  db,
  workspace: { id: 'bench', name: 'bench', accessKey: 'AK-bench' },
  secrets: memorySecretStore(),
  platformSecret: { accessKey: 'AK-bench', secretKey: 'bench-secret' },
  clock: manualClock(Number(now)),
  osUser: 'bench',
  parallel,
};
(globalThis as { gc?: () => void }).gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const cpu = cpuClock();
const t0 = performance.now();
const result = await runExport(env, { exportId: newExportId(), filter: {}, format: 'csv', locale: 'zh-CN', target });
const ms = performance.now() - t0;
const spent = cpu();
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
db.close();
process.stdout.write(
  `${JSON.stringify({ rows: result.rows, ms, beforeMb: before / 1048576, peakMb: peak / 1048576, growthMb: (peak - before) / 1048576, threads: result.threads, cpu: spent })}\n`,
);
