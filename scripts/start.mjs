#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run here, else the browser-mode console.
//
// With the Electron binary: builds better-sqlite3 for Electron if needed (electron-native.mjs),
// rebuilds out/ if sources changed, and launches Electron. Without it (or without a display,
// or with ONETAP_BROWSER=1): builds if needed and runs `onetap serve`, printing one line, the URL
// to open; if a console already runs for the same data folder, prints that one's URL instead of
// starting another. `--verbose` shows the build log and why Electron was not used. Other
// arguments go to Electron / `onetap serve`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBuildReason } from './lib/build-freshness.mjs';
import { electronBinary, electronUnavailableReason } from './lib/electron-binary.mjs';
import { run, supervise } from './lib/run.mjs';
import { startServe } from './lib/serve-child.mjs';
import { stopWhenOrphaned } from './lib/parent-watch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const verbose = process.argv.includes('--verbose');
const extra = process.argv.slice(2).filter((a) => a !== '--verbose');
const say = (line) => verbose && console.log(line);
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

// A stop request (Ctrl-C, SIGTERM) between steps ends the start here: each child is stopped by
// the forwarding in run/startServe/supervise, and no further step starts.
let stopping = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = signal;
  });
}
stopWhenOrphaned();
function stopIfAsked() {
  if (stopping) process.exit(1);
}

async function ensureBuilt() {
  const why = staleBuildReason(root);
  if (!why) return;
  say(`[start] building the app (${why})…`);
  if (verbose) return run(process.execPath, [electronVite, 'build'], { cwd: root });
  // Quiet: the log is kept and shown only if the build fails.
  const log = [];
  try {
    await run(process.execPath, [electronVite, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], onOutput: (c) => log.push(c) });
  } catch (e) {
    process.stderr.write(Buffer.concat(log));
    throw e;
  }
}

async function startDesktop(binary) {
  await run(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root, ...(verbose ? {} : { stdio: ['ignore', 'ignore', 'inherit'] }) });
  await ensureBuilt();
  const env = { ...process.env };
  // The built renderer, never a leftover dev server URL.
  delete env.ELECTRON_RENDERER_URL;
  supervise(spawn(binary, [root, ...extra], { cwd: root, stdio: 'inherit', env }));
}

async function startBrowser() {
  stopIfAsked();
  await ensureBuilt();
  stopIfAsked();
  const { child, url, reused } = await startServe(root, ['--reuse', ...extra]);
  if (reused) {
    console.log(`onetap-console is already running at ${url}`);
    return;
  }
  console.log(`onetap-console is running at ${url}  (Ctrl+C stops it)`);
  supervise(child);
}

async function main() {
  const reason = electronUnavailableReason(root);
  if (reason) {
    say(`${reason} — starting the browser-mode console instead.`);
    return startBrowser();
  }
  try {
    await startDesktop(electronBinary(root));
  } catch (e) {
    stopIfAsked();
    say(`Electron could not be prepared (${e instanceof Error ? e.message : String(e)}) — starting the browser-mode console instead.`);
    await startBrowser();
  }
}

main().catch((e) => {
  if (stopping) process.exit(1);
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
