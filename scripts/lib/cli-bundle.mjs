// Where the `onetap` command runs from: the bundle in out/cli when it is newer than every
// source it was built from, else the TypeScript sources through tsx (slower to start, always
// current). Kept apart from bin/onetap.mjs so the start scripts and tests ask the same question.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_BUNDLE = 'out/cli/index.mjs';
const SOURCES = ['electron/cli', 'electron/main/services', 'electron/web', 'shared', 'emulator', 'package.json'];

/** @param {string} path @param {number} than @returns {boolean} */
function anyNewer(path, than) {
  if (!existsSync(path)) return false;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs > than && !/\.test\.ts$/.test(path);
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    if (anyNewer(join(path, entry), than)) return true;
  }
  return false;
}

/** Why the bundle cannot be used (missing, or a source changed since it was built), or null. @param {string} root */
export function cliBundleStaleReason(root) {
  const bundle = join(root, CLI_BUNDLE);
  if (!existsSync(bundle)) return `${CLI_BUNDLE} is missing`;
  const built = statSync(bundle).mtimeMs;
  for (const s of SOURCES) if (anyNewer(join(root, s), built)) return `${s} changed since ${CLI_BUNDLE} was built`;
  return null;
}
