import { describe, expect, it, vi } from 'vitest';
import type { VNode } from 'vue';
import { children, expectOnlyRenderReplaced, typeName } from './testing/naive-render-swap';

// naive-ui's ES modules do not load in Node (their vueuc import is CommonJS): the same component
// from naive-ui's CommonJS build stands in for it.
vi.mock('naive-ui/es/menu/src/Submenu', () => import('naive-ui/lib/menu/src/Submenu.js'));
const { NSubmenu: NaiveSubmenu, submenuProps: naiveProps } = await import('naive-ui/es/menu/src/Submenu');
const { NSubmenu, submenuProps, renderSubmenu } = await import('./menu-submenu');
type SubmenuInstance = import('./menu-submenu').SubmenuInstance;

/** A root group's instance as naive-ui's setup leaves it (Submenu.mjs): expanded, collapsed or horizontal. */
function group(state: { root?: boolean; dropdownEnabled?: boolean; isHorizontal?: boolean } = {}): SubmenuInstance {
  const rawNode = { key: 'records-group', label: 'Records' };
  return {
    root: true,
    dropdownEnabled: false,
    isHorizontal: false,
    ...state,
    // Read by naive-ui's render.
    ...{
      mergedClsPrefix: 'n',
      menuProps: { nodeProps: (raw: unknown) => (raw === rawNode ? { class: 'from-node-props', 'data-x': '1' } : undefined) },
      tmNode: { rawNode, key: 'records-group' },
      tmNodes: [],
      rawNodes: [],
      paddingLeft: 20,
      collapsed: false,
      mergedDisabled: false,
      maxIconSize: 20,
      activeIconSize: 18,
      iconMarginRight: 8,
      title: 'Records',
      extra: undefined,
      childActive: true,
      icon: () => null,
      handleClick: vi.fn(),
      dropdownShow: false,
      isEllipsisPlaceholder: false,
      domId: 'submenu-1',
      mergedTheme: { peers: { Dropdown: {} }, peerOverrides: { Dropdown: {} } },
      mergedValue: 'records',
      dropdownPlacement: 'right-start',
      doSelect: vi.fn(),
      inverted: false,
      handlePopoverShowChange: vi.fn(),
    },
  };
}
const naiveRender = (NaiveSubmenu as unknown as { render: (this: SubmenuInstance) => VNode }).render;
/** A vnode's attributes, without its `key` (the branch naive-ui's render took, not part of the element). */
const attrs = (v: VNode): Record<string, unknown> => Object.fromEntries(Object.entries(v.props ?? {}).filter(([k]) => k !== 'key'));
/** What naive-ui's dropdown wraps: its default slot's vnode. */
const wrappedBy = (dropdown: VNode): VNode => (dropdown.children as { default: () => VNode }).default();

describe('the side menu group', () => {
  it('is naive-ui’s submenu (props, setup) with only its render replaced', () => {
    expect(submenuProps).toBe(naiveProps);
    expectOnlyRenderReplaced(NSubmenu, NaiveSubmenu);
  });

  it('renders, while the menu is expanded, what naive-ui’s disabled dropdown wraps and nothing around it', () => {
    const g = group();
    const v = renderSubmenu.call(g);
    const naive = naiveRender.call(g);
    expect(typeName(naive)).toBe('Dropdown');
    expect(naive.props).toMatchObject({ disabled: true });
    const wrapped = wrappedBy(naive);
    // The same element: class, role, aria-expanded, id …
    expect(v.type).toBe('div');
    expect(attrs(v)).toEqual(attrs(wrapped));
    expect(v.props).toMatchObject({ class: 'n-submenu', role: 'menu', 'aria-expanded': true, id: 'submenu-1' });
    // … around the same title row (node props merged the same way) and the same expanding children.
    const [row, body, ...rest] = children(v);
    const [naiveRow, naiveFragment] = children(wrapped);
    expect(rest).toHaveLength(0);
    expect(row!.type).toBe('div');
    expect(attrs(row!)).toEqual(attrs(naiveRow!));
    expect(row!.props).toMatchObject({ role: 'menuitem', 'data-x': '1' });
    expect(children(row!)[0]!.type).toBe(children(naiveRow!)[0]!.type);
    expect(children(row!)[0]!.props).toEqual(children(naiveRow!)[0]!.props);
    expect(body!.type).toBe(children(naiveFragment!)[0]!.type);
  });

  it('keeps naive-ui’s dropdown where it opens (collapsed, horizontal) and naive-ui’s nested groups as they are', () => {
    for (const state of [{ dropdownEnabled: true }, { dropdownEnabled: true, isHorizontal: true }]) {
      const v = renderSubmenu.call(group(state));
      expect(typeName(v)).toBe('Dropdown');
      expect(v.props).toMatchObject({ disabled: false });
    }
    const nested = group({ root: false });
    expect(attrs(renderSubmenu.call(nested))).toEqual(attrs(naiveRender.call(nested)));
  });
});
