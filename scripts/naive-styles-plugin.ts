/**
 * naive-ui writes each component's stylesheet at run time (css-render turns a rule tree into text
 * and inserts a `<style cssr-id="…">` the first time a component of that kind mounts): for the
 * console's first view, two dozen sheets (~100 KB of text) built on the main thread in the middle
 * of the mount. The text depends only on naive-ui's version and the class prefix, never on the
 * theme or language (those are CSS variables), so the build renders it once:
 * `virtual:onetap-naive-styles` is the list of `[cssr-id, text]` that renderer/theme/prebuilt-styles.ts
 * puts in place before the first mount; css-render then finds each sheet there and writes nothing.
 * A sheet missing from the list (a component the first view does not use) is still written the
 * usual way, so the list only decides what is ready early, never what is styled.
 */
import type { Plugin } from 'vite';

const ID = 'virtual:onetap-naive-styles';

/** The class prefix naive-ui renders with (`mergedClsPrefix`: the console never sets its own). */
const PREFIX = 'n';

/**
 * The sheets naive-ui writes for the first view (the dashboard in its shell: layout, menu, header,
 * notification and loading-bar providers, the dashboard's buttons, select, tags and empty states),
 * in the order they end up in the page's head (each new sheet goes before the previous ones).
 * Module paths are naive-ui's own rule trees, the ones its components mount.
 */
export const FIRST_VIEW_SHEETS: readonly (readonly [id: string, module: string])[] = [
  ['button-group', 'button-group/src/styles/index.cssr.mjs'],
  ['empty', 'empty/src/styles/index.cssr.mjs'],
  ['base-clear', '_internal/clear/src/styles/index.cssr.mjs'],
  ['base-loading', '_internal/loading/src/styles/index.cssr.mjs'],
  ['internal-selection', '_internal/selection/src/styles/index.cssr.mjs'],
  ['select', 'select/src/styles/index.cssr.mjs'],
  ['divider', 'divider/src/styles/index.cssr.mjs'],
  ['badge', 'badge/src/styles/index.cssr.mjs'],
  ['base-wave', '_internal/wave/src/styles/index.cssr.mjs'],
  ['button', 'button/src/styles/index.cssr.mjs'],
  ['tag', 'tag/src/styles/index.cssr.mjs'],
  ['breadcrumb', 'breadcrumb/src/styles/index.cssr.mjs'],
  ['layout-header', 'layout/src/styles/layout-header.cssr.mjs'],
  ['base-icon', '_internal/icon/src/styles/index.cssr.mjs'],
  ['dropdown', 'dropdown/src/styles/index.cssr.mjs'],
  ['popover', 'popover/src/styles/index.cssr.mjs'],
  ['icon', 'icon/src/styles/index.cssr.mjs'],
  ['menu', 'menu/src/styles/index.cssr.mjs'],
  ['layout-sider', 'layout/src/styles/layout-sider.cssr.mjs'],
  ['layout', 'layout/src/styles/layout.cssr.mjs'],
  ['notification', 'notification/src/styles/index.cssr.mjs'],
  ['global', '_styles/global/index.cssr.mjs'],
  ['loading-bar', 'loading-bar/src/styles/index.cssr.mjs'],
];

interface CssrNode {
  render(props?: { bPrefix?: string }): string;
}

/**
 * Each sheet's `[cssr-id, text]`, rendered the way naive-ui mounts it: `useTheme`/`useStyle` with
 * `bPrefix: '.n-'`, the global sheet (`n-global`) without props.
 */
export async function renderFirstViewSheets(): Promise<[string, string][]> {
  return Promise.all(
    FIRST_VIEW_SHEETS.map(async ([id, module]): Promise<[string, string]> => {
      const node = ((await import(`naive-ui/es/${module}`)) as { default: CssrNode }).default;
      return [`${PREFIX}-${id}`, id === 'global' ? node.render() : node.render({ bPrefix: `.${PREFIX}-` })];
    }),
  );
}

export function naiveStylesPlugin(): Plugin {
  return {
    name: 'onetap-naive-styles',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    async load(id) {
      if (id !== `\0${ID}`) return null;
      return `export default ${JSON.stringify(await renderFirstViewSheets())};`;
    },
  };
}
