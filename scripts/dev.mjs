#!/usr/bin/env node
// `npm run dev`: hot reload.
//
// With the Electron binary: `electron-vite dev` (renderer HMR, main/preload rebuilt and the app
// restarted on change). Without it: the API from `onetap serve --api-only` plus a Vite dev
// server for renderer/ (the renderer section of electron.vite.config.ts) proxying /api and
// /files to it; prints the URL with the session token. PORT picks the Vite port (default 5173).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronUnavailableReason } from './lib/electron-binary.mjs';
import { run, supervise } from './lib/run.mjs';
import { startServe } from './lib/serve-child.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const extra = process.argv.slice(2);
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

async function devDesktop() {
  await run(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root });
  supervise(spawn(process.execPath, [electronVite, 'dev', ...extra], { cwd: root, stdio: 'inherit' }));
}

async function devBrowser() {
  const api = await startServe(root, ['--api-only', '--port', '0']);
  const apiOrigin = new URL(api.url).origin;
  const { loadConfigFromFile } = await import('electron-vite');
  const { createServer, mergeConfig } = await import('vite');
  const loaded = await loadConfigFromFile({ command: 'serve', mode: 'development' }, undefined, root);
  const renderer = loaded.config.renderer;
  if (!renderer || typeof renderer !== 'object') throw new Error('electron.vite.config.ts has no renderer section');
  // changeOrigin: the API host only answers to its own Host header (DNS-rebinding guard).
  const toApi = { target: apiOrigin, changeOrigin: true };
  const server = await createServer(
    mergeConfig(renderer, {
      configFile: false,
      server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173, proxy: { '/api': toApi, '/files': toApi } },
    }),
  );
  await server.listen();
  const local = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
  console.log(`onetap-console (hot reload) is running at ${local}#token=${api.token}  (Ctrl+C stops it)`);
  const close = () => void server.close();
  api.child.on('exit', close);
  supervise(api.child);
}

async function main() {
  const reason = electronUnavailableReason(root);
  if (reason) {
    console.log(`${reason} — starting the browser-mode console with hot reload instead.`);
    return devBrowser();
  }
  try {
    await devDesktop();
  } catch (e) {
    console.log(`Electron could not be prepared (${e instanceof Error ? e.message : String(e)}) — starting the browser-mode console with hot reload instead.`);
    await devBrowser();
  }
}

main().catch((e) => {
  console.error(`[dev] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
