/**
 * naive-ui's submenu, with its dropdown only where it can open: the collapsed side menu's groups.
 * naive-ui wraps each root submenu in an NDropdown at all times, disabled while the menu is
 * expanded; it still mounts a dropdown, its popover, binder, target and follower in the first view
 * for nothing shown. While the menu is expanded the group is rendered by naive-ui's own render as
 * it renders a nested group: the same element (`n-submenu`, its role, `aria-expanded` and id) around
 * the same title row and children, without the dropdown around them; collapsed or horizontal, it is
 * naive-ui's rendering unchanged.
 *
 * The build puts this module in place of naive-ui's `./Submenu.mjs` inside naive-ui's menu
 * (scripts/naive-menu-option-plugin.ts); props, names and setup are naive-ui's.
 */
import { defineComponent, type VNode } from 'vue';
import { NSubmenu as NaiveSubmenu, submenuPropKeys, submenuProps } from 'naive-ui/es/menu/src/Submenu';

export { submenuPropKeys, submenuProps };

/** What this render reads of naive-ui's submenu instance (Submenu.mjs); its own render reads more. */
export interface SubmenuInstance {
  root: boolean;
  dropdownEnabled: boolean;
  isHorizontal: boolean;
}

const naiveRender = (NaiveSubmenu as unknown as { render: (this: SubmenuInstance) => VNode }).render;

/** A group's vnode: naive-ui's (with its dropdown) when the dropdown can open, as a nested group's otherwise. */
export function renderSubmenu(this: SubmenuInstance): VNode {
  if (!this.root || this.dropdownEnabled || this.isHorizontal) return naiveRender.call(this);
  const asNested = new Proxy(this, { get: (target, key) => (key === 'root' ? false : (Reflect.get(target, key) as unknown)) });
  return naiveRender.call(asNested);
}

export const NSubmenu = defineComponent({ ...(NaiveSubmenu as object), render: renderSubmenu }) as unknown as typeof NaiveSubmenu;
