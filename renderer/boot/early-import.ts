/**
 * The attribute on index.html's module preload of the line-chart module (set by the build,
 * electron.vite.config.ts): the boot script imports the chunk that link names when the page opens on
 * the dashboard (early-calls.ts, `startLineChartCode`). Its own module: the build config reads it too.
 */
export const EARLY_IMPORT_ATTRIBUTE = 'data-early-import';
