// Where the `onetap` command runs from: the bundle in out/cli when no source it was built from
// changed since, else the TypeScript sources through tsx (slower to start, always current). Kept
// apart from bin/onetap.mjs so the start scripts and tests ask the same question.
//
// The check runs on every start, so it is cheap: the build lists the files that went into the
// bundle (out/cli/inputs.json, from esbuild's metafile) with the time it started, and this stats
// those files (a few hundred stat calls) rather than walking the source folders. A new
// source file only matters once a listed file imports it, and that file then changed too. In an
// installed copy (under node_modules) the sources are not there and the bundle is all there is.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export const CLI_BUNDLE = 'out/cli/index.mjs';
export const CLI_INPUTS = 'out/cli/inputs.json';

/**
 * The bundle's stamp, or why there is none to check against (missing bundle or stamp); null stamp
 * for an installed copy (no sources to compare with). @param {string} root
 * @returns {{ reason: string } | { stamp: { startedAt: number, inputs: string[] } | null }}
 */
function bundleStamp(root) {
  if (!existsSync(join(root, CLI_BUNDLE))) return { reason: `${CLI_BUNDLE} is missing` };
  if (root.split(sep).includes('node_modules')) return { stamp: null };
  try {
    return { stamp: JSON.parse(readFileSync(join(root, CLI_INPUTS), 'utf8')) };
  } catch {
    return { reason: `${CLI_INPUTS} is missing or unreadable` };
  }
}

/** @param {string} rel @param {number | null} mtime null: the file is gone @param {number} startedAt */
function inputStaleReason(rel, mtime, startedAt) {
  if (mtime === null) return `${rel} is gone since ${CLI_BUNDLE} was built`;
  return mtime >= startedAt ? `${rel} changed since ${CLI_BUNDLE} was built` : null;
}

/**
 * Why the bundle cannot be used (missing, or a source changed since it was built), or null.
 *
 * Runs on every start, so the loop is kept plain (issue 13): synchronous statSync calls on
 * `root + rel` (the metafile's paths are already relative and normalised; path.join's normalising
 * cost more than the stat calls themselves), about 8-10 ms of CPU for ~425 files where the same
 * check through libuv's thread pool cost 35-45 ms. @param {string} root
 */
export function cliBundleStaleReason(root) {
  const checked = bundleStamp(root);
  if ('reason' in checked) return checked.reason;
  if (checked.stamp === null) return null;
  const { inputs, startedAt } = checked.stamp;
  const base = root.endsWith('/') || root.endsWith(sep) ? root : root + sep;
  for (const rel of inputs) {
    const reason = inputStaleReason(rel, statSync(base + rel, { throwIfNoEntry: false })?.mtimeMs ?? null, startedAt);
    if (reason !== null) return reason;
  }
  return null;
}
