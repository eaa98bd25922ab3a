// Finds the Electron executable WITHOUT triggering its lazy download: requiring the
// `electron` package would try to fetch the binary from GitHub when it is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} root */
export function electronVersion(root) {
  try {
    return String(JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version);
  } catch {
    return null;
  }
}

/**
 * The path of the Electron executable when it is on disk, else null (the same lookup as
 * node_modules/electron/index.js, minus the download).
 * @param {string} root
 */
export function electronBinary(root, env = process.env) {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return null;
  let rel = null;
  try {
    rel = readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    // path.txt is written by the download; no file, no binary.
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? 'electron');
    return existsSync(p) ? p : null;
  }
  if (!rel) return null;
  const p = join(pkgDir, 'dist', rel);
  return existsSync(p) ? p : null;
}

/**
 * Why the desktop app should not be launched here, or null when it can be: no binary, no
 * display on Linux, or ONETAP_BROWSER=1.
 * @param {string} root
 */
export function electronUnavailableReason(root, env = process.env, platform = process.platform) {
  if (env.ONETAP_BROWSER === '1') return 'ONETAP_BROWSER=1 is set';
  if (!electronBinary(root, env)) return 'Electron binary not available on this machine (`npx install-electron` fetches it)';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display (DISPLAY / WAYLAND_DISPLAY unset) for the Electron window';
  return null;
}
