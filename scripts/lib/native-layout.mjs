// Where the Electron build of better-sqlite3 lives (.native/electron-<version>/) and how its
// freshness is recorded. electron/main/native-binding.ts reads the same layout (a test
// compares the two).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_DIR = '.native';
export const BINDING_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'stamp.json';

/** @param {string} root @param {string} electronVersion */
export function nativeBindingDir(root, electronVersion) {
  return join(root, NATIVE_DIR, `electron-${electronVersion}`);
}

/**
 * What the build must match: a new Electron, a new better-sqlite3 or another machine type
 * makes it stale.
 * @param {string} root
 * @param {string} electronVersion
 */
export function expectedStamp(root, electronVersion, platform = process.platform, arch = process.arch) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
  return { electron: electronVersion, betterSqlite3: String(pkg.version), platform, arch };
}

/**
 * Why the build in `dir` cannot be used for `expected`, or null when it is up to date.
 * @param {string} dir
 * @param {Record<string, string>} expected
 */
export function stampProblem(dir, expected) {
  if (!existsSync(join(dir, BINDING_FILE))) return `no ${BINDING_FILE} in ${dir}`;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8'));
  } catch {
    return `no readable ${STAMP_FILE} in ${dir}`;
  }
  for (const [k, v] of Object.entries(expected)) {
    if (stamp?.[k] !== v) return `built for ${k} ${JSON.stringify(stamp?.[k])}, need ${JSON.stringify(v)}`;
  }
  return null;
}
