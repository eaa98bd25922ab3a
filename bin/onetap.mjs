#!/usr/bin/env node
// The `onetap` command. Runs the bundle `npm run build` writes to out/cli (fast start: its
// CommonJS form with V8's code cache, scripts/lib/cli-code-cache.mjs, else the ES one); when it
// is missing or older than the sources, runs the TypeScript sources through tsx instead, and
// says so on an interactive terminal. ONETAP_FROM_SOURCE=1 forces the sources.
import { existsSync } from 'node:fs';
import nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { cliBundleStaleReason, CLI_BUNDLE } from '../scripts/lib/cli-bundle.mjs';
import { CLI_CJS, loadCliCjs } from '../scripts/lib/cli-code-cache.mjs';

// Under npx or an npm script our parent is a shell that does not pass SIGTERM on: stop with it.
// (Imported only then: a module fewer to load on a plain start.)
if (process.env.npm_command === 'exec' || process.env.npm_lifecycle_event) (await import('../scripts/lib/parent-watch.mjs')).stopWhenOrphaned();

// Node 22.1 and later keep V8's compiled code of the bundle on disk between runs (in
// NODE_COMPILE_CACHE, else the OS temp folder's node-compile-cache), so a start reads it instead of
// compiling the chunks again; Node 20 has no such cache and starts as before.
nodeModule.enableCompileCache?.();

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
let stale = 'ONETAP_FROM_SOURCE=1';
let main;
let keep = () => {};
if (process.env.ONETAP_FROM_SOURCE !== '1') {
  // Checked before the bundle loads, synchronously: the check costs less CPU this way than overlapped
  // with the load through the thread pool (issue 13), and a stale bundle is not loaded for nothing.
  stale = cliBundleStaleReason(root);
  if (stale === null && existsSync(join(root, CLI_CJS))) ({ main, keep } = loadCliCjs(root, argv));
  else if (stale === null) ({ main } = await import(pathToFileURL(join(root, CLI_BUNDLE)).href));
}
if (stale !== null) {
  if (process.stderr.isTTY) process.stderr.write(`onetap: running from the TypeScript sources (${stale}; \`npm run build\` for a fast start)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/index.ts'));
}
const code = await main(argv);
process.exitCode = code;
if (code === 0) keep();
