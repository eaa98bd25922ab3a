/**
 * The export benchmark's fresh-process child and the CSV worker, bundled as the product ships them
 * (the CLI bundle's own esbuild options, scripts/lib/cli-build-options.mjs, with these two entries):
 * run from TypeScript sources, every worker thread compiles its import graph through tsx at start
 * (about 0.3 s of CPU and several MB per worker, measured), which the console never does. The bundle
 * goes to node_modules/.cache so that `better-sqlite3` resolves from it.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cliBuildOptions } from '../scripts/lib/cli-build-options.mjs';

/** Builds the bundle; the path of the fresh-process child in it. */
export async function bundleFreshChild(): Promise<string> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outdir = 'node_modules/.cache/onetap-bench-export';
  await build({
    ...cliBuildOptions(root, outdir),
    entryPoints: {
      'export-fresh-child': 'bench/export-fresh-child.ts',
      // Beside the child: parallel-csv.ts looks for ./csv-worker.mjs next to the bundle that runs it (core/worker-entry.ts).
      'csv-worker': 'electron/main/services/export/csv-worker.ts',
    },
    logLevel: 'warning',
  });
  return join(root, outdir, 'export-fresh-child.mjs');
}
