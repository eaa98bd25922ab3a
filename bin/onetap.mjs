#!/usr/bin/env node
// The `onetap` command. Runs the bundle `npm run build` writes to out/cli (fast start); when it
// is missing or older than the sources, runs the TypeScript sources through tsx instead, and
// says so on an interactive terminal. ONETAP_FROM_SOURCE=1 forces the sources.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { cliBundleStaleReason, CLI_BUNDLE } from '../scripts/lib/cli-bundle.mjs';
import { stopWhenOrphaned } from '../scripts/lib/parent-watch.mjs';

// Under npx or an npm script our parent is a shell that does not pass SIGTERM on: stop with it.
if (process.env.npm_command === 'exec' || process.env.npm_lifecycle_event) stopWhenOrphaned();

const root = fileURLToPath(new URL('..', import.meta.url));
const stale = process.env.ONETAP_FROM_SOURCE === '1' ? 'ONETAP_FROM_SOURCE=1' : cliBundleStaleReason(root);
let main;
if (stale === null) {
  ({ main } = await import(pathToFileURL(join(root, CLI_BUNDLE)).href));
} else {
  if (process.stderr.isTTY) process.stderr.write(`onetap: running from the TypeScript sources (${stale}; \`npm run build\` for a fast start)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/index.ts'));
}
const code = await main(process.argv.slice(2));
process.exitCode = code;
