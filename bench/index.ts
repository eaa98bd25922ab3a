/**
 * `npm run bench`: every benchmark of the project, each printing its figures next to a
 * baseline measured in the same run (a ratio), because these machines are noisy.
 * Run one with `npm run bench -- <name>`.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const suites = [
  'cli-start',
  'description-storage',
  'emulator',
  'sync',
  'rollup-writes',
  'records',
  'billing',
  'export',
  'alerts',
  'first-view',
  'aliyun',
  'team-store',
  'archive',
];
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

// `--quick`: every suite at a small size, to prove the benchmarks run (figures not comparable to
// the goals). Sizes given in the environment still win.
if (process.argv.includes('--quick')) {
  const small: Record<string, string> = {
    BENCH_RECORDS: '150000',
    BENCH_RECORDS_PER_DAY: '30000',
    BENCH_RUNS: '5',
    BENCH_BILL_RECORDS: '200000',
    BENCH_SYNC_DAYS: '4',
    BENCH_SYNC_DAILY: '15000',
    BENCH_SYNC_SMALL_DAYS: '2',
    BENCH_SYNC_ROUNDS: '2',
    BENCH_ROLLUP_ROUNDS: '1',
    BENCH_ROLLUP_HISTORY_DAYS: '5',
    EXPORT_BENCH_ROWS: '100000',
    BENCH_ALERTS_DAYS: '20',
  };
  for (const [k, v] of Object.entries(small)) process.env[k] ??= v;
  console.log('quick run: small sizes, figures prove the benchmarks run, not the goals');
}

for (const name of suites) {
  if (only.length && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(
    `\n## ${name}  (load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}, 2 cores shared)`,
  );
  const mod = (await import(file)) as { run(): Promise<void> };
  await mod.run();
}
