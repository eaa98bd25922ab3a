/**
 * Where the Electron shell finds better-sqlite3 built for Electron.
 *
 * node_modules/better-sqlite3 always holds the Node build (tests, CLI, `onetap serve`).
 * scripts/electron-native.mjs builds a copy for Electron into
 * `.native/electron-<version>/better_sqlite3.node` (+ stamp.json), `npm start` / `npm run dev`
 * run it automatically, and electron-builder packs that folder (unpacked from the asar).
 * The shell hands the path to every openDatabase call (db/open.ts setDefaultNativeBinding).
 * Keep this layout in step with scripts/native-layout.mjs (a test compares them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

export const NATIVE_DIR = '.native';
export const BINDING_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'stamp.json';

export function nativeBindingDir(appRoot: string, electronVersion: string): string {
  return join(appRoot, NATIVE_DIR, `electron-${electronVersion}`);
}

/** Native files cannot be loaded from inside an asar archive; electron-builder unpacks them next to it. */
export function outsideAsar(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}

export interface NativeBindingQuery {
  /** app.getAppPath(): the project root in development, …/resources/app.asar when packaged. */
  appPath: string;
  electronVersion: string;
  platform?: NodeJS.Platform;
  arch?: string;
}

export type NativeBindingResult = { ok: true; path: string } | { ok: false; problem: string };

interface Stamp {
  electron?: string;
  platform?: string;
  arch?: string;
}

export function resolveNativeBinding(q: NativeBindingQuery): NativeBindingResult {
  const dir = outsideAsar(nativeBindingDir(q.appPath, q.electronVersion));
  const path = join(dir, BINDING_FILE);
  const fix = 'run `npm run native:electron` (npm start does it for you)';
  if (!existsSync(path)) {
    return { ok: false, problem: `better-sqlite3 has no Electron ${q.electronVersion} build at ${path}: ${fix}` };
  }
  let stamp: Stamp = {};
  try {
    stamp = JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return { ok: false, problem: `the Electron build of better-sqlite3 in ${dir} has no readable ${STAMP_FILE}: ${fix}` };
  }
  const platform = q.platform ?? process.platform;
  const arch = q.arch ?? process.arch;
  if (stamp.electron !== q.electronVersion || stamp.platform !== platform || stamp.arch !== arch) {
    return {
      ok: false,
      problem: `the Electron build of better-sqlite3 in ${dir} is for ${stamp.platform}-${stamp.arch} Electron ${stamp.electron}, not ${platform}-${arch} Electron ${q.electronVersion}: ${fix}`,
    };
  }
  return { ok: true, path };
}
