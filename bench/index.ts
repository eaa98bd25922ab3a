/**
 * `npm run bench`: every benchmark of the project, each printing its figures next to a
 * baseline measured in the same run (a ratio), because these machines are noisy.
 * Run one with `npm run bench -- <name>`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const suites = ['emulator', 'sync', 'records', 'billing', 'export', 'aliyun'];
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

for (const name of suites) {
  if (only.length && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}`);
  const mod = (await import(file)) as { run(): Promise<void> };
  await mod.run();
}
