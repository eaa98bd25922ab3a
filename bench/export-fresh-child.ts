/**
 * The export benchmark's fresh-process measurement (spawned by export.bench.ts): opens the
 * database argv[2], exports every record as CSV to argv[3] through the real export path (on one
 * thread when argv[5] is `one`, on two worker threads when `two`, else as shipped), and
 * prints one JSON line: rows, milliseconds, RSS before, RSS peak and growth, threads. Nothing else runs
 * in this process, so the growth is the export's own, not what earlier passes left behind.
 */
import { manualClock } from '../electron/main/services/core/clock';
import { memorySecretStore } from '../electron/main/services/core/secrets';
import { workspaceMigrations } from '../electron/main/services/db/migrations';
import { openDatabase } from '../electron/main/services/db/open';
import { newExportId, runExport } from '../electron/main/services/export/run-export';

const [file, target, now, threads] = process.argv.slice(2);
if (!file || !target || !now) throw new Error('usage: export-fresh-child <db> <target.csv> <now-ms> [one|two]');
const db = openDatabase(file, { migrations: workspaceMigrations });
const env = {
  db,
  workspace: { id: 'bench', name: 'bench', accessKey: 'AK-bench' },
  secrets: memorySecretStore(),
  platformSecret: { accessKey: 'AK-bench', secretKey: 'bench-secret' },
  clock: manualClock(Number(now)),
  osUser: 'bench',
  ...(threads === 'one' ? { parallel: { workers: 1 } } : threads === 'two' ? { parallel: { workers: 2 } } : {}),
};
(globalThis as { gc?: () => void }).gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const result = await runExport(env, { exportId: newExportId(), filter: {}, format: 'csv', locale: 'zh-CN', target });
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
db.close();
process.stdout.write(
  `${JSON.stringify({ rows: result.rows, ms, beforeMb: before / 1048576, peakMb: peak / 1048576, growthMb: (peak - before) / 1048576, threads: result.threads })}\n`,
);
