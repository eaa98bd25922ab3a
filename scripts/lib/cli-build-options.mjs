// esbuild's options for the `onetap` bundle: scripts/build-cli.mjs builds out/cli with them, and
// the CLI's laziness test (electron/cli/start-laziness.test.ts) builds a throwaway copy the same way.
import { sep } from 'node:path';

/** Leaves every package import external (loaded from node_modules at run time) except those named. @param {string[]} bundled */
function externalPackagesBut(bundled) {
  return {
    name: 'external-packages',
    /** @param {import('esbuild').PluginBuild} b */
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) =>
        bundled.some((p) => args.path === p || args.path.startsWith(`${p}/`)) ? undefined : { path: args.path, external: true },
      );
    },
  };
}

/** zod's `locales/index.js` (every translation, reached only through `z.locales`) as an empty module. */
const zodWithoutLocaleTable = {
  name: 'zod-without-locale-table',
  /** @param {import('esbuild').PluginBuild} b */
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: 'zod-locales', namespace: 'zod-without-locale-table' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-without-locale-table' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * commander's `require('node:child_process')` as a stand-in that loads the module on first use.
 * commander needs it only to run a subcommand as a separate executable, which `onetap` never
 * does, yet requiring it at load time makes Node compile child_process, net, dgram and their
 * internals on every start (3-5 ms of CPU; issue 13). Only commander's own files get the stand-in.
 */
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  /** @param {import('esbuild').PluginBuild} b */
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}commander${sep}`) ? { path: 'child_process', namespace: 'commander-lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'commander-lazy-child-process' }, () => ({
      contents: "let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * The bundle of the CLI (and the sync's page worker thread beside it) into `outdir`, relative to `root`.
 * @param {string} root @param {string} outdir @returns {import('esbuild').BuildOptions & { metafile: true }}
 */
export function cliBuildOptions(root, outdir) {
  return {
    absWorkingDir: root,
    entryPoints: {
      index: 'electron/cli/index.ts',
      'page-worker': 'electron/main/services/platform/page-worker.ts',
      'csv-worker': 'electron/main/services/export/csv-worker.ts',
      'trend-svg-worker': 'electron/main/services/dashboard/trend-svg-worker.ts',
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay in node_modules, but for zod: as a package it is some 90 files that Node
    // resolves, reads and links one by one on each start; bundled, it is one chunk. Its table of
    // translated messages (`z.locales`, 1.6 MB: half of zod) is left out: the console never calls
    // z.config with one, and English (the default) comes from locales/en.js, which stays.
    // Tree-shaken: the sources import zod as a namespace (`import * as z`, a lint rule), so only
    // the schema kinds the contract uses are bundled (a third of zod classic; issue 13).
    // commander too: as a CommonJS package it is seven files that Node resolves, reads and runs
    // through its CommonJS translator on every start. A bundled CommonJS module reaches Node's
    // built-ins through `require`, which an ES module lacks: the banner gives each chunk one.
    // ECharts (and zrender under it) too, in the worker that draws the dashboard trend's first frame
    // (services/dashboard/trend-svg-worker.ts): as packages they are some 700 files for Node to
    // load one by one. Its dev checks (console logs) are left out, as in the page's build.
    plugins: [commanderLazyChildProcess, externalPackagesBut(['zod', 'commander', 'echarts', 'zrender']), zodWithoutLocaleTable],
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire as __onetapCreateRequire } from 'node:module'; const require = __onetapCreateRequire(import.meta.url);" },
    // Fewer bytes to read and tokens to pre-parse on each start; names are kept (error names,
    // stack traces), and the linked source maps lead back to the sources.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * The same command line as one CommonJS file (`outfile`, relative to `root`), which bin/onetap.mjs
 * compiles through node:vm with V8's code cache (scripts/lib/cli-code-cache.mjs): Node 20 keeps no
 * compiled code of ES modules between runs. One file, no chunks: what a command does not run is
 * still not evaluated (esbuild wraps each lazily imported module in an init function), only parsed.
 * `import.meta.url` is the file's own URL, beside the ES build, so worker entries, package.json and
 * resources are found where the ES build finds them.
 * @param {string} root @param {string} outfile @returns {import('esbuild').BuildOptions & { metafile: true }}
 */
export function cliCjsBuildOptions(root, outfile) {
  const esm = cliBuildOptions(root, '.');
  return {
    ...esm,
    entryPoints: ['electron/cli/index.ts'],
    outdir: undefined,
    outExtension: undefined,
    outfile,
    format: 'cjs',
    splitting: false,
    // plist is an ES-only package, which Node 20's require cannot load, and an import() from code
    // compiled through node:vm needs an experimental loader option: bundled, it is one more lazily
    // initialised module of the file (only `inspect` of an IPA runs it).
    // better-sqlite3's JavaScript too (a dozen CommonJS files Node would resolve, read and compile
    // on every start that opens a database); its native addon stays in node_modules and is named
    // outright (electron/main/services/db/open.ts), as `bindings` would search beside this file.
    plugins: [commanderLazyChildProcess, externalPackagesBut(['zod', 'commander', 'plist', 'better-sqlite3']), zodWithoutLocaleTable],
    banner: { js: "const __onetapImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__onetapImportMetaUrl' },
  };
}
