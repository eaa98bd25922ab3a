/**
 * `@juggle/resize-observer` as the renderer's build sees it (electron.vite.config.ts aliases it
 * here). Its one importer, vueuc's resize delegate (naive-ui's layout, select, scrollbar), uses
 * `window.ResizeObserver` whenever the browser has one, and every browser the console runs in
 * has it: the polyfill (~8 KB minified) was never run, only downloaded and compiled with the
 * shell's chunk before the page could start.
 */
export const ResizeObserver = globalThis.ResizeObserver;
