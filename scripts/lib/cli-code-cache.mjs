// Runs the `onetap` command from its CommonJS bundle (out/cli/onetap.cjs) with V8's code cache, so
// a start reads the code compiled by an earlier run of the same command instead of compiling it
// again (issue 13). Node 20 caches no compiled code of ES modules, and there compiling the bundle's
// chunks, zod's first schemas and commander cost tens of ms of CPU on every start.
//
// One cache per command (its leading words): a cache holds the functions a run compiled, and a
// cache written by another command helps little (measured). A run with no usable cache writes one
// when it ends well; it is keyed by the bundle's build (mtime and size; V8 itself only checks the
// source's length, its own version and flags), and the build empties the folder. Writing is best
// effort: a read-only copy simply runs without a cache.
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script, constants } from 'node:vm';

export const CLI_CJS = 'out/cli/onetap.cjs';
export const CLI_CODE_CACHE_DIR = 'out/cli/v8-cache';

/**
 * The cache a command line uses, named for what it runs: its leading words (the command and
 * subcommand, `records-search`), `-` for none, and `+help` when it asks for help, which runs other
 * code than the command. Null (no cache) when the first word is not a command's shape.
 * @param {readonly string[]} argv
 */
export function codeCacheName(argv) {
  const words = [];
  for (const a of argv) {
    if (words.length === 2 || !/^[a-z][a-z-]{0,31}$/.test(a)) break;
    words.push(a);
  }
  if (words.length === 0 && argv.length > 0 && !argv[0].startsWith('-')) return null;
  const help = argv.includes('--help') || argv.includes('-h') || words[0] === 'help';
  return `${words.length ? words.join('-') : '-'}${help ? '+help' : ''}`;
}

/** Caches kept at most (each is 0.5-0.8 MB); past that a command without one runs uncached. */
const MAX_CACHES = 40;

/**
 * Loads the CommonJS bundle under `root` for the command line `argv`: its `main`, and `keep()`,
 * which stores the code compiled during this run for the next start of the same command when
 * there was no usable cache (call it once the command has succeeded).
 * @param {string} root @param {readonly string[]} argv
 * @returns {{ main: (argv: string[]) => Promise<number>, keep: () => void, cache: 'used' | 'rejected' | 'none' }}
 */
export function loadCliCjs(root, argv) {
  const file = join(root, CLI_CJS);
  const before = statSync(file);
  // The build makes the file ASCII (scripts/build-cli.mjs): read so, it is a one-byte string made
  // without decoding UTF-8, which for 1.4 MB costs ~20 ms more; any other file is read as UTF-8.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const { mtimeMs, size } = statSync(file);
  const name = codeCacheName(argv);
  // Rebuilt while being read: no cache, since it would be filed under a build it was not made from.
  const settled = before.mtimeMs === mtimeMs && before.size === size && size === bytes.length;
  const cacheFile = name === null || !settled ? null : join(root, CLI_CODE_CACHE_DIR, `${Math.trunc(mtimeMs)}-${size}-${name}.bin`);
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    if (cacheFile !== null) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's own CommonJS wrapper, strict as the ES modules the bundle was made from.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // The build leaves no import() in the file (scripts/build-cli.mjs checks); should one appear,
    // it still works, with Node's experimental warning, rather than fail.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: /** @type {{ main: (argv: string[]) => Promise<number> }} */ ({}) };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: module.exports.main,
    cache,
    keep() {
      if (cacheFile === null || cache === 'used') return;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        if (readdirSync(dirname(cacheFile)).length >= MAX_CACHES) return;
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // A read-only install or a full disk: the next start compiles again, as without a cache.
      }
    },
  };
}
