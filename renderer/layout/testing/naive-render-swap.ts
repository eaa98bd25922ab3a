/**
 * For the tests of the side menu's swapped naive-ui components (menu-option.ts, menu-submenu.ts):
 * reading their vnodes, and the check that a swap changed nothing but the render.
 */
import { expect } from 'vitest';
import { isVNode, type VNode } from 'vue';

type ComponentParts = { props: unknown; setup: unknown; name: string; render: unknown };

export const typeName = (v: VNode): string | undefined => (v.type as { name?: string }).name;
export const children = (v: VNode): VNode[] => (Array.isArray(v.children) ? v.children.filter(isVNode) : []);

/** `ours` is naive-ui's component (the same props, setup and name) with its own render. */
export function expectOnlyRenderReplaced(ours: unknown, naive: unknown): void {
  const o = ours as ComponentParts;
  const n = naive as ComponentParts;
  expect(o.props).toBe(n.props);
  expect(o.setup).toBe(n.setup);
  expect(o.name).toBe(n.name);
  expect(o.render).not.toBe(n.render);
}
