/**
 * Puts renderer/layout/menu-option.ts in place of naive-ui's menu item (`./MenuOption.mjs`, imported
 * by its menu's item renderer) in the renderer build: the item without a tooltip while the menu is
 * expanded (see that module). Only imports from naive-ui's own menu folder are redirected, so the
 * replacement itself still reaches naive-ui's item. The dev server's pre-bundled naive-ui keeps its own
 * item (the same menu, tooltips mounted but never shown while expanded).
 */
import type { Plugin } from 'vite';

const NAIVE_MENU_DIR = /[\\/]naive-ui[\\/]es[\\/]menu[\\/]src[\\/][^\\/]+$/;

export function naiveMenuOptionPlugin(replacement: string): Plugin {
  return {
    name: 'onetap-naive-menu-option',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './MenuOption.mjs' && importer && NAIVE_MENU_DIR.test(importer.split('?')[0]!)) return replacement;
      return null;
    },
  };
}
