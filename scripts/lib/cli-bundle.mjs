// Where the `onetap` command runs from: the bundle in out/cli when no source it was built from
// changed since, else the TypeScript sources through tsx (slower to start, always current). Kept
// apart from bin/onetap.mjs so the start scripts and tests ask the same question.
//
// The check runs on every start, so it is cheap: the build lists the files that went into the
// bundle (out/cli/inputs.json, from esbuild's metafile) with the time it started, and this stats
// those files (a few hundred stat calls, ~1-3 ms) rather than walking the source folders. A new
// source file only matters once a listed file imports it, and that file then changed too. In an
// installed copy (under node_modules) the sources are not there and the bundle is all there is.
import { existsSync, readFileSync, stat, statSync } from 'node:fs';
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

/** Why the bundle cannot be used (missing, or a source changed since it was built), or null. @param {string} root */
export function cliBundleStaleReason(root) {
  const checked = bundleStamp(root);
  if ('reason' in checked) return checked.reason;
  if (checked.stamp === null) return null;
  const { inputs, startedAt } = checked.stamp;
  for (const rel of inputs) {
    const reason = inputStaleReason(rel, statSync(join(root, rel), { throwIfNoEntry: false })?.mtimeMs ?? null, startedAt);
    if (reason !== null) return reason;
  }
  return null;
}

/**
 * The same answer with the stat calls in libuv's thread pool: bin/onetap.mjs asks this and loads
 * the bundle meanwhile, so on a free core the check costs the start nothing (issue 13). When more
 * than one source changed, which one it names may differ from cliBundleStaleReason's.
 * @param {string} root @returns {Promise<string | null>}
 */
export function cliBundleStaleReasonAsync(root) {
  const checked = bundleStamp(root);
  if ('reason' in checked) return Promise.resolve(checked.reason);
  if (checked.stamp === null || checked.stamp.inputs.length === 0) return Promise.resolve(null);
  const { inputs, startedAt } = checked.stamp;
  return new Promise((resolve) => {
    let pending = inputs.length;
    let answered = false;
    for (const rel of inputs) {
      stat(join(root, rel), (err, st) => {
        if (answered) return;
        const reason = inputStaleReason(rel, err ? null : st.mtimeMs, startedAt);
        if (reason !== null || --pending === 0) {
          answered = true;
          resolve(reason);
        }
      });
    }
  });
}
