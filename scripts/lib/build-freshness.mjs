// Decides whether out/ must be rebuilt: missing outputs, or any source newer than the
// oldest output. Cheap enough to run on every `npm start` (a few hundred stat calls).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCES = ['electron/main', 'electron/preload', 'electron/web', 'shared', 'renderer', 'electron.vite.config.ts', 'package.json'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why out/ must be rebuilt, or null when it is current. @param {string} root */
export function staleBuildReason(root) {
  let oldestOutput = Infinity;
  for (const o of OUTPUTS) {
    const p = join(root, o);
    if (!existsSync(p)) return `${o} is missing`;
    oldestOutput = Math.min(oldestOutput, statSync(p).mtimeMs);
  }
  for (const s of SOURCES) {
    if (newestMtime(join(root, s)) > oldestOutput) return `${s} changed since the last build`;
  }
  return null;
}
