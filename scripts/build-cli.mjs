#!/usr/bin/env node
// Bundles the `onetap` command (electron/cli) into out/cli/index.mjs, and the worker threads (the
// sync's page worker, the CSV export's csv-worker, the dashboard trend's drawing) into out/cli/<name>.mjs beside it (their hosts
// look there), so the CLI and the browser-mode host start without compiling TypeScript at run time. Packages stay external
// (loaded from node_modules, native better-sqlite3 included). esbuild: already here through
// tsx and vite, and it bundles this tree in about a second.
//
// Split into chunks (beside index.mjs, so paths relative to import.meta.url stay as they were): each command's module and what only it needs is loaded
// when that command runs (electron/cli/index.ts), so `onetap --help` reads little. The sources
// the bundle was built from are listed in out/cli/inputs.json, so bin/onetap.mjs can tell whether
// the bundle is stale by stating those files instead of walking the source tree. The command line
// is also written as one CommonJS file, out/cli/onetap.cjs, which bin/onetap.mjs runs with V8's
// code cache (scripts/lib/cli-code-cache.mjs); the split build serves the worker threads.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CLI_INPUTS } from './lib/cli-bundle.mjs';
import { cliBuildOptions, cliCjsBuildOptions } from './lib/cli-build-options.mjs';
import { CLI_CJS, CLI_CODE_CACHE_DIR } from './lib/cli-code-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// A source saved while esbuild reads the tree counts as newer than the bundle.
const startedAt = Date.now();
const result = await build(cliBuildOptions(root, 'out/cli'));
// The command line itself also as one CommonJS file, which bin/onetap.mjs runs with V8's code cache.
const cjs = await build(cliCjsBuildOptions(root, CLI_CJS));
// Code compiled through node:vm reaches import() only through an experimental option (and its
// warning on stderr): a package the command line imports dynamically must be bundled there.
const dynamic = Object.values(cjs.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
if (dynamic.length) throw new Error(`${CLI_CJS}: bundle these dynamically imported packages (cliCjsBuildOptions): ${dynamic.join(', ')}`);
// esbuild escapes non-ASCII text in strings but not in regular expressions (a few match Chinese
// words), and one such character makes the whole 1.4 MB file a two-byte string, decoded from UTF-8
// on every start (~20 ms of CPU). As \uXXXX escapes, which mean the same in a regular expression as
// in a string, the file is ASCII and read as such (cli-code-cache.mjs). Source maps are off by a
// few columns on those lines.
const cjsPath = join(root, CLI_CJS);
writeFileSync(
  cjsPath,
  readFileSync(cjsPath, 'utf8').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);
// Code cached from the previous build's file is of no use to this one.
rmSync(join(root, CLI_CODE_CACHE_DIR), { recursive: true, force: true });
// Files of earlier builds go (chunk names carry a content hash, so they pile up otherwise). A console
// started earlier does not need them: the command line runs from onetap.cjs, which holds all of its
// code, and a worker thread loads its entry's chunks all at once when it starts.
const outputs = new Set([...Object.keys(result.metafile.outputs), ...Object.keys(cjs.metafile.outputs)].map((o) => o.replace(/^out\/cli\//, '')));
for (const name of readdirSync(join(root, 'out/cli'))) {
  const path = join(root, 'out/cli', name);
  if (!outputs.has(name) && name !== 'inputs.json' && statSync(path).isFile()) rmSync(path, { force: true });
}
const inputs = new Set(
  [...Object.keys(result.metafile.inputs), ...Object.keys(cjs.metafile.inputs)].filter((p) => !p.startsWith('node_modules/') && !p.includes(':')),
);
writeFileSync(join(root, CLI_INPUTS), `${JSON.stringify({ startedAt, inputs: [...inputs, 'package.json'].sort() }, null, 1)}\n`);
