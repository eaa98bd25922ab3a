/**
 * Build of the three Electron parts into out/: main (ESM, Node target), preload (CommonJS,
 * because a sandboxed preload cannot be an ES module) and the Vue renderer.
 *
 * `npm run build` works without the Electron binary; `npm run dev` (scripts/dev.mjs) reuses the
 * renderer section for the browser-mode dev server, so keep it a plain object.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';
import { callNames, eventNames, ipcChannel } from './shared/contract';
import { precompressDir } from './electron/web/precompress';
import { localeMessagesPlugin } from './scripts/locale-messages-plugin';
import { naiveStylesPlugin } from './scripts/naive-styles-plugin';
import { DEFAULT_LOCALE } from './renderer/i18n/locales';
import { naiveMenuOptionPlugin } from './scripts/naive-menu-option-plugin';
import { echartsDarkTokensPlugin } from './scripts/echarts-dark-tokens-plugin';
import { echartsNoDarkThemePlugin } from './scripts/echarts-no-dark-theme-plugin';
import { EARLY_IMPORT_ATTRIBUTE } from './renderer/boot/early-import';

const root = fileURLToPath(new URL('.', import.meta.url));
const at = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

const IPC_TABLE_ID = 'virtual:onetap-ipc-table';

/**
 * The preload must know the contract's call names and channels, but bundling the contract
 * would pull zod and every schema into each window's start-up. This plugin computes the
 * table from the contract at build time and hands the preload plain data instead.
 */
function ipcTablePlugin(): Plugin {
  const resolved = `\0${IPC_TABLE_ID}`;
  return {
    name: 'onetap-ipc-table',
    resolveId: (id) => (id === IPC_TABLE_ID ? resolved : null),
    load(id) {
      if (id !== resolved) return null;
      const callChannels = Object.fromEntries(callNames.map((n) => [n, ipcChannel.call(n)]));
      return [
        `export const callChannels = Object.freeze(${JSON.stringify(callChannels)});`,
        `export const eventChannel = ${JSON.stringify(ipcChannel.event)};`,
        `export const eventNames = Object.freeze(${JSON.stringify(eventNames)});`,
        `export const droppedFileChannel = ${JSON.stringify(ipcChannel.droppedFile)};`,
      ].join('\n');
    },
  };
}

/**
 * The browser host sends the renderer compressed: the slow, smallest settings are paid here, once
 * per build, never while a page waits (electron/web/precompress.ts).
 */
function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'onetap-precompress',
    apply: 'build',
    configResolved: (config) => void (outDir = config.build.outDir),
    async closeBundle() {
      await precompressDir(outDir);
    },
  };
}

/**
 * The console opens on the dashboard: its view's code is in the shell's chunk (firstViewEntryPlugin)
 * and the line-chart module (vue-echarts and the chart themes) is listed in the page as a module
 * preload, so it downloads beside the shell instead of after the shell has run and the view asked for
 * it (a second round of requests). Preloaded, not imported: nothing runs until the view does. A
 * preloaded chunk's stylesheets are linked as stylesheets, not preloads: the dynamic-import helper
 * counts only `rel=stylesheet` links as present, and for a preload it added its own stylesheet link
 * and held the view's import until that link's load event.
 */
// The line-chart module's link also carries EARLY_IMPORT_ATTRIBUTE: the boot script imports the
// chunk it names when the page opens on the dashboard (renderer/boot/early-calls.ts). Read from the
// page, not imported by name: the bundler's import would list the shell's chunk and stylesheet as its
// dependencies, a second request for the shell and a stylesheet link the import waited for (the page
// holds those styles inline).
const LINE_CHARTS_MODULE = /\/renderer\/charts\/echarts-lines\.ts$/;

// The default language's messages too (the boot script imports them when no other language was
// remembered on this browser): asked for with the first round instead of once the boot script ran.
const FIRST_VIEW_MODULES = [LINE_CHARTS_MODULE, new RegExp(`onetap-messages/${DEFAULT_LOCALE}$`)];

/**
 * ECharts itself (renderer/charts/echarts-lines-core.ts and all it imports: the core, zrender, the
 * line series and its components) is a chunk of its own that imports nothing of the app, and the
 * page runs it from its start: an async module script in the head, fetched beside the shell. Its
 * evaluation, the larger part of the chart's code (20–60 ms of the page's thread), runs once it has
 * arrived and compiled, before the chart asks for it, instead of after the first cards, where the
 * chart waited for it. Only the small line-chart module (vue-echarts and the themes, which need Vue)
 * is left for the dashboard's import. Every page runs it, whatever view it opens on (most views hold
 * charts). Its script comes after the shell's, at the default priority, and the shell's is at high
 * priority: with ECharts first and at high priority, both arriving together, ECharts' evaluation ran
 * just as the shell could have started and the first cards waited for it (same-run compares on a
 * loaded machine: drawn 103–155 ms later in three runs of four, level in the fourth; ECharts' code
 * was still ready before the chart started in 25 of 28 loads).
 */
const CHART_CORE_CHUNK = 'echarts-core';
/** The shell's chunk (see the build's codeSplitting groups). */
const SHELL_CHUNK = 'shell';
const CHART_CORE_MODULE = /[\\/]renderer[\\/]charts[\\/]echarts-lines-core\.ts$/;

function preloadFirstViewPlugin(): Plugin {
  return {
    name: 'onetap-preload-first-view',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const scripts = new Set<string>();
        const styles = new Set<string>();
        let lineCharts: string | undefined;
        const visit = (fileName: string): void => {
          const chunk = bundle[fileName];
          if (scripts.has(fileName) || chunk?.type !== 'chunk') return;
          scripts.add(fileName);
          for (const css of (chunk as Rollup.OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []) styles.add(css);
          chunk.imports.forEach(visit);
        };
        for (const chunk of Object.values(bundle))
          if (chunk.type === 'chunk' && chunk.facadeModuleId && FIRST_VIEW_MODULES.some((m) => m.test(chunk.facadeModuleId!))) {
            visit(chunk.fileName);
            if (LINE_CHARTS_MODULE.test(chunk.facadeModuleId)) lineCharts = chunk.fileName;
          }
        if (!lineCharts) throw new Error("the line-chart module's chunk is missing from the bundle");
        // ECharts' own chunk runs from the page's start instead of being preloaded (see CHART_CORE_CHUNK).
        const core = Object.values(bundle).find((c) => c.type === 'chunk' && Object.keys(c.modules).some((id) => CHART_CORE_MODULE.test(id)));
        if (core?.type !== 'chunk' || core.imports.some((f) => !/rolldown-runtime/.test(f)))
          throw new Error(`ECharts' core chunk is missing, or imports more than the runtime (${core?.type === 'chunk' ? core.imports.join(', ') : ''})`);
        scripts.delete(core.fileName);
        const tags: HtmlTagDescriptor[] = [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src: `./${core.fileName}` },
            injectTo: 'head',
          },
          ...[...scripts]
            .filter((f) => !html.includes(f))
            .map((f) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}`, ...(f === lineCharts ? { [EARLY_IMPORT_ATTRIBUTE]: true } : {}) },
              injectTo: 'head' as const,
            })),
          ...[...styles]
            .filter((f) => !html.includes(f))
            .map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
        ];
        // The shell's script (the page's entry, written by Vite) at high priority; ECharts' core is
        // listed after it (see CHART_CORE_CHUNK). The host's Link header carries both in this order.
        const shell = Object.values(bundle).find((c) => c.type === 'chunk' && c.name === SHELL_CHUNK);
        const shellSrc = `src="./${shell?.fileName}"`;
        if (!shell || !html.includes(shellSrc)) throw new Error("the shell's script is missing from the page");
        return { html: html.replace(shellSrc, `fetchpriority="high" ${shellSrc}`), tags };
      },
    },
  };
}

/**
 * The boot script (renderer/boot/early-calls.ts) is its own entry and the page's first script tag:
 * a few KB that arrive long before the shell's chunk, so the first view's calls leave while Vue and
 * naive-ui still download and evaluate. `async`: it runs the moment it arrived, not in document order
 * after the stylesheets and behind the main thread's parse of the shell. The shell imports the same
 * module (one instance: the same file), so its modules stay out of the shell's chunk.
 */
const BOOT_ENTRY = 'boot';
const BOOT_MODULES =
  /[\\/]renderer[\\/](boot[\\/](early-calls|early-import|intl-warm-up)|api[\\/](index|prefetch)|i18n[\\/](locale-chunks|locales))\.ts$|[\\/]shared[\\/]contract[\\/]errors\.ts$/;

function bootScriptPlugin(): Plugin {
  return {
    name: 'onetap-boot-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === BOOT_ENTRY);
        if (!boot) throw new Error('the boot script is missing from the bundle');
        const tag: HtmlTagDescriptor = {
          tag: 'script',
          attrs: { type: 'module', async: true, crossorigin: true, src: `./${boot.fileName}` },
          injectTo: 'head-prepend',
        };
        return { html, tags: [tag] };
      },
    },
  };
}

/**
 * The shell's stylesheet (the base styles and the first view's, ~2 KB compressed) goes in the page
 * itself, in a `<style>` where its link was (the same place in the cascade): one request fewer in the
 * first round, which the browser's six connections to the host share with the scripts and the boot
 * script's calls, and nothing render-blocking to wait for before the shell's script may run. The
 * page's policy allows inline styles (style-src 'unsafe-inline'; scripts stay 'self' only). The file
 * stays in the build for anything else that names it.
 */
function inlineShellStylesPlugin(): Plugin {
  return {
    name: 'onetap-inline-shell-styles',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        return html.replace(/<link rel="stylesheet"[^>]*href="\.\/(assets\/[^"]+\.css)"[^>]*>/g, (link, fileName: string) => {
          const asset = ctx.bundle?.[fileName];
          if (asset?.type !== 'asset') return link;
          const text = typeof asset.source === 'string' ? asset.source : Buffer.from(asset.source).toString('utf8');
          if (/<\/style/i.test(text)) throw new Error(`${fileName} cannot be inlined: it contains "</style"`);
          return `<style>${text}</style>`;
        });
      },
    },
  };
}

/**
 * The shell's chunk holds what the page runs before anything else (the entry's static imports) and
 * the first view's code: the dashboard's view and what it imports statically (naive-ui's select and
 * empty state, the chart's theme and options, small helpers). Split by what later views share, those
 * were a dozen files of 0.1–14 KB besides the view's own, each a request behind the browser's six
 * connections to the host, the last landing in a third round; in the shell they arrive with it.
 *
 * Rolldown's `$initial` tag marks the modules an entry uses statically (after tree-shaking: the
 * date picker, reachable through naive-ui's index, is not among them), so the view is made an entry
 * of its own: a virtual module importing it, whose chunk is left empty (everything it holds is the
 * shell's) and dropped from the output. The view's dynamic imports (the line-chart ECharts, preloaded
 * beside the shell) and later views (the date picker, the data table) keep their own chunks; the
 * router's import of the view resolves to the shell, already there. A console reopening on another
 * view downloads the dashboard's code too (~20 KB compressed), and the views it shares it with.
 */
const FIRST_VIEW_ENTRY = 'first-view';
const FIRST_VIEW_ID = 'virtual:onetap-first-view';
const FIRST_VIEW_FILE = at('renderer/views/Dashboard/DashboardView.vue');

function firstViewEntryPlugin(): Plugin {
  const resolved = `\0${FIRST_VIEW_ID}`;
  return {
    name: 'onetap-first-view-entry',
    apply: 'build',
    resolveId: (id) => (id === FIRST_VIEW_ID ? resolved : null),
    load: (id) => (id === resolved ? `import ${JSON.stringify(FIRST_VIEW_FILE)};` : null),
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === FIRST_VIEW_ENTRY);
      if (entry?.type !== 'chunk') throw new Error("the first view's entry is missing from the bundle");
      const own = Object.entries(entry.modules).filter(([, m]) => m.renderedLength > 0);
      const importedBy = Object.values(bundle).filter(
        (c) => c.type === 'chunk' && (c.imports.includes(entry.fileName) || c.dynamicImports.includes(entry.fileName)),
      );
      if (own.length > 0 || importedBy.length > 0)
        throw new Error(
          `the first view's entry chunk is not empty (${own.map(([id]) => id).join(', ')}) or is imported (${importedBy.map((c) => c.fileName).join(', ')})`,
        );
      delete bundle[entry.fileName];
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      // The native module is loaded from node_modules (Node build) or .native/ (Electron build).
      externalizeDeps: { include: ['better-sqlite3'] },
      rolldownOptions: {
        // Worker threads are their own entries: page-worker-host.ts starts out/main/page-worker.js (the
        // sync's pages), parallel-csv.ts out/main/csv-worker.js (a CSV export's reading and encoding),
        // trend-svg.ts out/main/trend-svg-worker.js (the dashboard trend's first frame, drawn by ECharts).
        input: {
          index: at('electron/main/index.ts'),
          'page-worker': at('electron/main/services/platform/page-worker.ts'),
          'csv-worker': at('electron/main/services/export/csv-worker.ts'),
          'trend-svg-worker': at('electron/main/services/dashboard/trend-svg-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [ipcTablePlugin()],
    build: {
      outDir: at('out/preload'),
      // Sandboxed preloads can require only 'electron' and a few built-ins: bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    // Vue without the Options API (every component here, naive-ui's included, uses setup) and no
    // devtools hooks in production: less code to parse and a shorter path per component instance.
    plugins: [
      vue({ features: { optionsAPI: false, prodDevtools: false, prodHydrationMismatchDetails: false } }),
      localeMessagesPlugin(),
      naiveStylesPlugin(),
      firstViewEntryPlugin(),
      naiveMenuOptionPlugin({ './MenuOption.mjs': at('renderer/layout/menu-option.ts'), './Submenu.mjs': at('renderer/layout/menu-submenu.ts') }),
      echartsDarkTokensPlugin(),
      echartsNoDarkThemePlugin(),
      // Before the boot script's: both put their script first in the page, the boot script's ahead.
      preloadFirstViewPlugin(),
      bootScriptPlugin(),
      inlineShellStylesPlugin(),
      precompressPlugin(),
    ],
    // vue-i18n's build flags (left undefined, it keeps its legacy API, <i18n-t> & co. and devtools
    // hooks): composition API only (createI18n({ legacy: false })), messages compiled without eval
    // (JIT, see renderer/i18n). Whether the page carries the message compiler at all is set by
    // localeMessagesPlugin: not in a build, whose messages are compiled at build time.
    define: {
      __VUE_I18N_FULL_INSTALL__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
      __INTLIFY_JIT_COMPILATION__: 'true',
    },
    // zod configured for the page's CSP (no eval probe) wherever a schema first loads it; vueuc's
    // ResizeObserver polyfill, never run in a browser that has its own, left out.
    resolve: {
      alias: [
        { find: /^zod$/, replacement: at('renderer/boot/zod.ts') },
        { find: /^@juggle\/resize-observer$/, replacement: at('renderer/boot/resize-observer.ts') },
      ],
    },
    build: {
      outDir: at('out/renderer'),
      // electron-vite leaves bundles unminified; the browser host serves this same build over HTTP.
      minify: true,
      // The page's first view must not wait for chunks only later views use (charts, the date picker).
      // Only the HTML's list is filtered: a dynamic import's own dependencies are fetched beside it,
      // not one after another.
      modulePreload: {
        resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps.filter((d) => !/echarts|zrender|date/i.test(d)) : deps),
      },
      rolldownOptions: {
        input: { index: at('renderer/index.html'), [BOOT_ENTRY]: at('renderer/boot/early-calls.ts'), [FIRST_VIEW_ENTRY]: FIRST_VIEW_ID },
        // Everything the page needs before anything runs (the entry's static imports) and the first
        // view's own code (the first-view entry's, see firstViewEntryPlugin) in one chunk: split by
        // what later views share, it was 16 files, each its own request and module record on the way
        // to the first draw. Later views still split as they are used.
        // The boot script's modules are left to the boot entry's own chunk.
        output: {
          codeSplitting: {
            groups: [
              { name: CHART_CORE_CHUNK, test: CHART_CORE_MODULE, priority: 2 },
              { name: BOOT_ENTRY, test: BOOT_MODULES, priority: 1 },
              { name: SHELL_CHUNK, tags: ['$initial'] },
            ],
          },
        },
      },
    },
    server: {
      fs: { allow: [root] },
    },
  },
});
