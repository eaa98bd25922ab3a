#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run here, else the browser-mode console.
//
// With the Electron binary: builds better-sqlite3 for Electron if needed (electron-native.mjs),
// rebuilds out/ if sources changed, and launches Electron. Without it (or without a display,
// or with ONETAP_BROWSER=1): says so in one line, builds if needed, and runs `onetap serve`,
// printing the URL to open. Extra arguments go to Electron / `onetap serve`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBuildReason } from './lib/build-freshness.mjs';
import { electronBinary, electronUnavailableReason } from './lib/electron-binary.mjs';
import { run, supervise } from './lib/run.mjs';
import { startServe } from './lib/serve-child.mjs';
import { stopWhenOrphaned } from './lib/parent-watch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const extra = process.argv.slice(2);
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
  console.log(`[start] building the app (${why})…`);
  await run(process.execPath, [electronVite, 'build'], { cwd: root });
}

async function startDesktop(binary) {
  await run(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root });
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
  const { child, url } = await startServe(root, extra);
  console.log(`onetap-console is running at ${url}  (Ctrl+C stops it)`);
  supervise(child);
}

async function main() {
  const reason = electronUnavailableReason(root);
  if (reason) {
    console.log(`${reason} — starting the browser-mode console instead.`);
    return startBrowser();
  }
  try {
    await startDesktop(electronBinary(root));
  } catch (e) {
    stopIfAsked();
    console.log(`Electron could not be prepared (${e instanceof Error ? e.message : String(e)}) — starting the browser-mode console instead.`);
    await startBrowser();
  }
}

main().catch((e) => {
  if (stopping) process.exit(1);
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
