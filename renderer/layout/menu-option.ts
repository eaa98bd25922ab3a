/**
 * naive-ui's menu item, with its tooltip only where it can show: the collapsed side menu's root
 * items (the label beside an icon-only row). naive-ui wraps every item in an NTooltip at all times,
 * disabled while the menu is expanded; each one still mounts a popover, its binder, target and
 * follower (seven components an item), a third of the side menu's mount for nothing shown. The
 * expanded item renders exactly what naive-ui's trigger slot renders, so the markup, the active item,
 * its click and its keyboard behaviour are naive-ui's own.
 *
 * The build puts this module in place of naive-ui's `./MenuOption.mjs` inside naive-ui's menu
 * (scripts/naive-menu-option-plugin.ts); props, names and the collapsed rendering are naive-ui's.
 */
import { createVNode, defineComponent, mergeProps, type VNode } from 'vue';
import { NMenuOption as NaiveMenuOption, menuItemPropKeys, menuItemProps } from 'naive-ui/es/menu/src/MenuOption';
import MenuOptionContent from 'naive-ui/es/menu/src/MenuOptionContent';

export { menuItemPropKeys, menuItemProps };

/** What naive-ui's item setup returns and its render reads (MenuOption.mjs). */
export interface MenuOptionInstance {
  mergedClsPrefix: string;
  tmNode: { rawNode: unknown };
  menuProps: { nodeProps?: (raw: unknown) => Record<string, unknown> | undefined };
  dropdownEnabled: boolean;
  paddingLeft: number | undefined;
  iconMarginRight: number | undefined;
  maxIconSize: number;
  activeIconSize: number;
  selected: boolean;
  title: unknown;
  extra: unknown;
  mergedDisabled: boolean;
  icon: unknown;
  handleClick: (e: MouseEvent) => void;
}

const naiveRender = (NaiveMenuOption as unknown as { render: (this: MenuOptionInstance) => VNode }).render;

/** An item's vnode: naive-ui's (with its tooltip) when the tooltip can show, its content alone otherwise. */
export function renderMenuOption(this: MenuOptionInstance): VNode {
  if (this.dropdownEnabled) return naiveRender.call(this);
  const { mergedClsPrefix, tmNode } = this;
  const attrs = this.menuProps.nodeProps?.(tmNode.rawNode);
  return createVNode('div', mergeProps(attrs ?? {}, { role: 'menuitem', class: [`${mergedClsPrefix}-menu-item`, attrs?.class] }), [
    createVNode(MenuOptionContent, {
      tmNode,
      clsPrefix: mergedClsPrefix,
      paddingLeft: this.paddingLeft,
      iconMarginRight: this.iconMarginRight,
      maxIconSize: this.maxIconSize,
      activeIconSize: this.activeIconSize,
      selected: this.selected,
      title: this.title,
      extra: this.extra,
      disabled: this.mergedDisabled,
      icon: this.icon,
      onClick: this.handleClick,
    }),
  ]);
}

export const NMenuOption = defineComponent({ ...(NaiveMenuOption as object), render: renderMenuOption }) as unknown as typeof NaiveMenuOption;
