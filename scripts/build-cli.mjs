#!/usr/bin/env node
// Bundles the `onetap` command (electron/cli) into out/cli/index.mjs, and the sync's page worker
// thread into out/cli/page-worker.mjs beside it (page-worker-host.ts looks there), so the CLI and the
// browser-mode host start without compiling TypeScript at run time. Packages stay external
// (loaded from node_modules, native better-sqlite3 included). esbuild: already here through
// tsx and vite, and it bundles this tree in about a second.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: { index: 'electron/cli/index.ts', 'page-worker': 'electron/main/services/platform/page-worker.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
