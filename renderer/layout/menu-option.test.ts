import { describe, expect, it, vi } from 'vitest';
import type { Component, VNode } from 'vue';
import { naiveMenuOptionPlugin } from '../../scripts/naive-menu-option-plugin';
import { children, expectOnlyRenderReplaced, typeName } from './testing/naive-render-swap';

// naive-ui's ES modules do not load in Node (their vueuc import is CommonJS): the same components
// from naive-ui's CommonJS build stand in for them.
vi.mock('naive-ui/es/menu/src/MenuOption', () => import('naive-ui/lib/menu/src/MenuOption.js'));
vi.mock('naive-ui/es/menu/src/MenuOptionContent', () => import('naive-ui/lib/menu/src/MenuOptionContent.js'));
const { NMenuOption: NaiveMenuOption, menuItemProps: naiveProps } = await import('naive-ui/es/menu/src/MenuOption');
const { default: MenuOptionContent } = await import('naive-ui/es/menu/src/MenuOptionContent');
const { NMenuOption, menuItemProps, renderMenuOption } = await import('./menu-option');
type MenuOptionInstance = import('./menu-option').MenuOptionInstance;

/** An item's instance as naive-ui's setup leaves it (MenuOption.mjs), expanded or collapsed. */
function item(dropdownEnabled: boolean): MenuOptionInstance {
  const rawNode = { key: 'apps', label: 'Apps' };
  return {
    mergedClsPrefix: 'n',
    tmNode: { rawNode },
    menuProps: { nodeProps: (raw) => (raw === rawNode ? { class: 'from-node-props', 'data-x': '1' } : undefined) },
    dropdownEnabled,
    paddingLeft: 20,
    iconMarginRight: 8,
    maxIconSize: 20,
    activeIconSize: 18,
    selected: true,
    title: 'Apps',
    extra: undefined,
    mergedDisabled: false,
    icon: () => null,
    handleClick: vi.fn(),
    // Read by naive-ui's own render (the tooltip's theme and placement).
    ...{ mergedTheme: { peers: { Tooltip: {} }, peerOverrides: { Tooltip: {} } }, dropdownPlacement: 'right' },
  };
}
const naiveRender = (NaiveMenuOption as unknown as { render: (this: MenuOptionInstance) => VNode }).render;
/** What naive-ui's tooltip wraps: its trigger slot's vnode. */
const triggerOf = (tooltip: VNode): VNode => (tooltip.children as { trigger: () => VNode }).trigger();

describe('the side menu item', () => {
  it('is naive-ui’s item (props, setup) with only its render replaced', () => {
    expect(menuItemProps).toBe(naiveProps);
    expectOnlyRenderReplaced(NMenuOption, NaiveMenuOption);
  });

  it('renders, while the menu is expanded, what naive-ui’s tooltip wraps and nothing around it', () => {
    const it = item(false);
    const v = renderMenuOption.call(it);
    const naive = naiveRender.call(it);
    // naive-ui's item: the same element, attributes and classes (node props merged the same way) …
    expect(v.type).toBe('div');
    expect(v.props).toEqual(naive.props);
    expect(v.props).toMatchObject({ role: 'menuitem', 'data-x': '1' });
    expect(String(v.props!.class).split(' ')).toEqual(expect.arrayContaining(['n-menu-item', 'from-node-props']));
    // … whose one child is the content naive-ui puts in its (disabled) tooltip, with the same props.
    const [naiveTooltip] = children(naive);
    expect(typeName(naiveTooltip!)).toBe('Tooltip');
    expect(naiveTooltip!.props).toMatchObject({ disabled: true });
    const wrapped = triggerOf(naiveTooltip!);
    const [content, ...rest] = children(v);
    expect(rest).toHaveLength(0);
    expect(content!.type).toBe(MenuOptionContent as Component);
    expect(content!.type).toBe(wrapped.type);
    expect(content!.props).toEqual(wrapped.props);
    expect(content!.props).toMatchObject({
      tmNode: it.tmNode,
      clsPrefix: 'n',
      paddingLeft: 20,
      iconMarginRight: 8,
      maxIconSize: 20,
      activeIconSize: 18,
      selected: true,
      title: 'Apps',
      disabled: false,
      icon: it.icon,
      onClick: it.handleClick,
    });
  });

  it('keeps naive-ui’s tooltip where it shows: the collapsed menu’s items', () => {
    const v = renderMenuOption.call(item(true));
    expect(v.props).toMatchObject({ role: 'menuitem' });
    const [tooltip] = children(v);
    expect(typeName(tooltip!)).toBe('Tooltip');
    expect(tooltip!.props).toMatchObject({ disabled: false, trigger: 'hover' });
  });
});

describe('the build’s redirection of naive-ui’s menu item', () => {
  const plugin = naiveMenuOptionPlugin({
    './MenuOption.mjs': '/repo/renderer/layout/menu-option.ts',
    './Submenu.mjs': '/repo/renderer/layout/menu-submenu.ts',
  });
  const resolve = (source: string, importer?: string): unknown =>
    (plugin.resolveId as (this: unknown, s: string, i: string | undefined) => unknown).call({}, source, importer);

  it('sends naive-ui’s menu to the replacement', () => {
    expect(resolve('./MenuOption.mjs', '/repo/node_modules/naive-ui/es/menu/src/utils.mjs')).toBe('/repo/renderer/layout/menu-option.ts');
    expect(resolve('./Submenu.mjs', '/repo/node_modules/naive-ui/es/menu/src/utils.mjs')).toBe('/repo/renderer/layout/menu-submenu.ts');
    expect(resolve('./Submenu.mjs', '/repo/node_modules/naive-ui/es/menu/src/Menu.mjs')).toBe('/repo/renderer/layout/menu-submenu.ts');
  });

  it('leaves every other import alone, the replacement’s own import of naive-ui’s item included', () => {
    expect(resolve('naive-ui/es/menu/src/MenuOption', '/repo/renderer/layout/menu-option.ts')).toBeNull();
    expect(resolve('./MenuOption.mjs', '/repo/node_modules/naive-ui/es/dropdown/src/utils.mjs')).toBeNull();
    expect(resolve('./MenuOptionGroup.mjs', '/repo/node_modules/naive-ui/es/menu/src/utils.mjs')).toBeNull();
    expect(resolve('./MenuOption.mjs', undefined)).toBeNull();
    expect(resolve('naive-ui/es/menu/src/Submenu', '/repo/renderer/layout/menu-submenu.ts')).toBeNull();
    expect(resolve('toString', '/repo/node_modules/naive-ui/es/menu/src/Menu.mjs')).toBeNull();
  });
});
