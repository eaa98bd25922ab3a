// Where the `onetap` command runs from: the bundle in out/cli when no source it was built from
// changed since, else the TypeScript sources through tsx (slower to start, always current). Kept
// apart from bin/onetap.mjs so the start scripts and tests ask the same question.
//
// The check runs on every start, so it is cheap: the build lists the files that went into the
// bundle (out/cli/inputs.json, from esbuild's metafile) with the time it started, and this stats
// those files (a few hundred stat calls, ~1-3 ms) rather than walking the source folders. A new
// source file only matters once a listed file imports it, and that file then changed too. In an
// installed copy (under node_modules) the sources are not there and the bundle is all there is.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export const CLI_BUNDLE = 'out/cli/index.mjs';
export const CLI_INPUTS = 'out/cli/inputs.json';

/** Why the bundle cannot be used (missing, or a source changed since it was built), or null. @param {string} root */
export function cliBundleStaleReason(root) {
  if (!existsSync(join(root, CLI_BUNDLE))) return `${CLI_BUNDLE} is missing`;
  if (root.split(sep).includes('node_modules')) return null;
  /** @type {{ startedAt: number, inputs: string[] }} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, CLI_INPUTS), 'utf8'));
  } catch {
    return `${CLI_INPUTS} is missing or unreadable`;
  }
  for (const rel of stamp.inputs) {
    let mtime;
    try {
      mtime = statSync(join(root, rel)).mtimeMs;
    } catch {
      return `${rel} is gone since ${CLI_BUNDLE} was built`;
    }
    if (mtime >= stamp.startedAt) return `${rel} changed since ${CLI_BUNDLE} was built`;
  }
  return null;
}
