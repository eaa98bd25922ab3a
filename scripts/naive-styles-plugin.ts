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
 * the dashboard's buttons, select, tags and empty states), in the order they end up in the page's
 * head (each new sheet goes before the previous ones).
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
  ['global', '_styles/global/index.cssr.mjs'],
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

/**
 * In a build the sheets go in the page itself, `<style cssr-id>` elements in css-render's place in
 * the cascade (before the page's own stylesheets): the browser parses them with the page, in the first
 * ~20 ms while it waits for the scripts, instead of on the main thread between the shell's
 * evaluation and the mount, and the shell's chunk no longer carries their text. The virtual module
 * is then empty. Elsewhere (the dev server, unit tests) the list is the module's, put in place by
 * renderer/theme/prebuilt-styles.ts.
 */
export function naiveStylesPlugin(): Plugin {
  let inPage = false;
  return {
    name: 'onetap-naive-styles',
    configResolved: (config) => void (inPage = config.command === 'build'),
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    async load(id) {
      if (id !== `\0${ID}`) return null;
      return `export default ${inPage ? '[]' : JSON.stringify(await renderFirstViewSheets())};`;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        if (!inPage) return html;
        return sheetsInHead(html, await renderFirstViewSheets());
      },
    },
  };
}

/**
 * `html` with `sheets` as `<style cssr-id>` elements before the head's first stylesheet (a style or a
 * stylesheet link: the same place in the cascade as css-render's, which is before any style or link),
 * in their order; after the script tags, which the browser then finds before it parses the sheets.
 */
export function sheetsInHead(html: string, sheets: readonly (readonly [id: string, text: string])[]): string {
  const head = /<\/head>/i.exec(html);
  const first = /<style[\s>]|<link\b[^>]*\brel="stylesheet"/i.exec(html);
  const at = first && head && first.index < head.index ? first.index : head?.index;
  if (at === undefined) throw new Error("the page has no head to put naive-ui's stylesheets in");
  const tags = sheets.map(([id, text]) => {
    if (/<\/style/i.test(text)) throw new Error(`naive-ui's ${id} sheet cannot be inlined: it contains "</style"`);
    return `<style cssr-id="${id}">${text}</style>\n    `;
  });
  return html.slice(0, at) + tags.join('') + html.slice(at);
}
