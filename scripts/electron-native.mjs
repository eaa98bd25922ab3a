#!/usr/bin/env node
// Builds better-sqlite3 for Electron into .native/electron-<version>/better_sqlite3.node.
//
// node_modules/better-sqlite3 keeps the Node build that tests, the CLI and `onetap serve` use;
// the Electron build is made from a COPY of the module with @electron/rebuild (a prebuilt
// download when one exists, else a compile against Electron's headers), so neither build
// ever replaces the other. `npm start` / `npm run dev` run this automatically when the
// Electron binary is present; electron-builder packs the result (see electron-builder.yml).
//
//   node scripts/electron-native.mjs          build if missing or stale
//   node scripts/electron-native.mjs --force  rebuild
//   node scripts/electron-native.mjs --check  exit 1 (with the reason) unless up to date
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion } from './lib/electron-binary.mjs';
import { BINDING_FILE, NATIVE_DIR, STAMP_FILE, expectedStamp, nativeBindingDir, stampProblem } from './lib/native-layout.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const say = (m) => console.log(`[native] ${m}`);

async function build(version, dir, stamp) {
  const work = join(root, NATIVE_DIR, `.work-${process.pid}`);
  const moduleCopy = join(work, 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    // Everything but the Node build output, so nothing of it can be mistaken for the Electron one.
    const nodeBuild = join(root, 'node_modules', 'better-sqlite3', 'build');
    cpSync(join(root, 'node_modules', 'better-sqlite3'), moduleCopy, {
      recursive: true,
      filter: (src) => src !== nodeBuild && !src.startsWith(nodeBuild + sep),
    });
    const { rebuild } = await import('@electron/rebuild');
    say(`building better-sqlite3 ${stamp.betterSqlite3} for Electron ${version} (${stamp.platform}-${stamp.arch})…`);
    // buildPath is the module itself: @electron/rebuild rebuilds a buildPath that has a
    // binding.gyp, and finds prebuild-install / node-gyp by walking up to node_modules.
    await rebuild({ buildPath: moduleCopy, electronVersion: version, arch: stamp.arch, force: true, mode: 'sequential' });
    const built = join(moduleCopy, 'build', 'Release', BINDING_FILE);
    if (!existsSync(built)) throw new Error(`the rebuild finished without producing ${built}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(built, join(dir, BINDING_FILE));
    writeFileSync(join(dir, STAMP_FILE), `${JSON.stringify({ ...stamp, builtAt: new Date().toISOString() }, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // Only one Electron build stays, so packaging picks exactly the one that matches.
  for (const entry of readdirSync(join(root, NATIVE_DIR))) {
    const p = join(root, NATIVE_DIR, entry);
    if (entry.startsWith('electron-') && p !== dir) rmSync(p, { recursive: true, force: true });
  }
}

async function main() {
  const version = electronVersion(root);
  if (!version) {
    console.error('[native] the electron package is not installed (npm ci)');
    return 1;
  }
  const dir = nativeBindingDir(root, version);
  const stamp = expectedStamp(root, version);
  const problem = stampProblem(dir, stamp);
  if (!problem && !args.has('--force')) {
    say(`up to date: ${join(dir, BINDING_FILE)}`);
    return 0;
  }
  if (args.has('--check')) {
    console.error(`[native] the Electron build of better-sqlite3 is not usable (${problem}): run \`npm run native:electron\``);
    return 1;
  }
  try {
    await build(version, dir, stamp);
  } catch (e) {
    console.error(`[native] could not build better-sqlite3 for Electron ${version}: ${e instanceof Error ? e.message : String(e)}`);
    console.error('[native] it needs network access to Electron headers or prebuilds, or python3, make and a C++ compiler.');
    return 1;
  }
  say(`built ${join(dir, BINDING_FILE)}`);
  return 0;
}

process.exitCode = await main();
