/**
 * lodash-es's `_getTag.js` (naive-ui's `merge`, `cloneDeep` … reach it) probes at evaluation time
 * whether the engine tags DataView, Map, Promise, Set and WeakMap correctly, for IE 11 and Node < 6.
 * Each probe goes through `getRawTag`, which assigns the object's read-only `Symbol.toStringTag`:
 * in an ES module (strict) every one throws a TypeError, caught. Each error captures a stack trace,
 * and the first one's frames need source positions, so V8 reparses the whole chunk whose top level
 * is running: the shell's ~630 KB, about 90–130 ms of the page's main thread on the way to the first
 * view (a Chromium trace of a load shows it as V8.CollectSourcePositions inside the shell's
 * evaluation). On V8 every probe passes and `getTag` is `baseGetTag`; here the module is just that.
 * The build fails if a future lodash-es no longer has this shape (look again).
 */
import type { Plugin } from 'vite';

const GET_TAG_MODULE = /[\\/]lodash-es[\\/]_getTag\.js$/;
const DEFAULT_TAG = /^var getTag = baseGetTag;$/m;
const FALLBACK = /^if \(\(DataView && getTag\(new DataView\(new ArrayBuffer\(1\)\)\) != dataViewTag\) \|\|$/m;
const BASE_IMPORT = /^import baseGetTag from '\.\/_baseGetTag\.js';$/m;
const EXPORT = /^export default getTag;$/m;

/** lodash-es's `_getTag.js` (`code`) as V8 ends up with it: `baseGetTag`, without the probes. */
export function withoutTagProbes(code: string): string {
  if (![DEFAULT_TAG, FALLBACK, BASE_IMPORT, EXPORT].every((re) => re.test(code)))
    throw new Error("lodash-get-tag: lodash-es's _getTag.js no longer probes and falls back as this plugin expects");
  return "import baseGetTag from './_baseGetTag.js';\nexport default baseGetTag;\n";
}

export function lodashGetTagPlugin(): Plugin {
  return {
    name: 'onetap-lodash-get-tag',
    apply: 'build',
    transform(code, id) {
      if (!GET_TAG_MODULE.test(id.split('?')[0]!)) return null;
      return { code: withoutTagProbes(code), map: null };
    },
  };
}
