/**
 * A CSV export worker's memory is mostly what it loads: its heap is capped (parallel-csv.ts
 * WORKER_LIMITS) near its live set, and every module it imports lives in each worker's heap again.
 * The contract's schemas (zod, built at load) were most of it: 734 of the worker bundle's 870 KB,
 * several MB of heap per thread. This bundles the worker's entry as a build would and fails when a
 * static import drags zod (or the contract's schemas) back in.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('the CSV export worker loads no zod and no contract schemas', async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./csv-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    external: ['better-sqlite3'],
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  // The worker's own formatter is there (the bundle is the real graph)…
  expect(inputs.some((i) => i.endsWith('writers/csv-compact.ts'))).toBe(true);
  // …and nothing that builds schemas at load.
  expect(inputs.filter((i) => i.includes('node_modules/zod/'))).toEqual([]);
  expect(inputs.filter((i) => /shared\/contract\/(export|records-filter|calendar|index)\.ts$/.test(i))).toEqual([]);
}, 60_000);
