/**
 * Puts renderer/layout/menu-option.ts in place of naive-ui's menu item (`./MenuOption.mjs`, imported
 * by its menu's item renderer) and renderer/layout/menu-submenu.ts in place of its submenu
 * (`./Submenu.mjs`, imported by the menu and its item renderer) in the renderer build: the item
 * without a tooltip and the group without a dropdown while the menu is expanded (see those modules).
 * Only imports from naive-ui's own menu folder are redirected, so the replacements themselves still
 * reach naive-ui's components. The dev server's pre-bundled naive-ui keeps its own (the same menu,
 * tooltips and dropdowns mounted but never shown while expanded).
 */
import type { Plugin } from 'vite';

const NAIVE_MENU_DIR = /[\\/]naive-ui[\\/]es[\\/]menu[\\/]src[\\/][^\\/]+$/;

/** `replacements`: naive-ui's module as its menu imports it (`./MenuOption.mjs`) → the file to use instead. */
export function naiveMenuOptionPlugin(replacements: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'onetap-naive-menu-option',
    enforce: 'pre',
    resolveId(source, importer) {
      if (Object.hasOwn(replacements, source) && importer && NAIVE_MENU_DIR.test(importer.split('?')[0]!)) return replacements[source]!;
      return null;
    },
  };
}
