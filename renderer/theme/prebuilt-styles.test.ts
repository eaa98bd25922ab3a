// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import {
  NBadge,
  NBreadcrumb,
  NBreadcrumbItem,
  NButton,
  NButtonGroup,
  NConfigProvider,
  NDivider,
  NDropdown,
  NEmpty,
  NIcon,
  NLayout,
  NLayoutContent,
  NLayoutHeader,
  NLayoutSider,
  NMenu,
  NSelect,
  NTag,
  NTooltip,
} from 'naive-ui';
import sheets from 'virtual:onetap-naive-styles';
import { installPrebuiltStyles } from './prebuilt-styles';
import { selectOptionProps } from '../composables/select-option-props';

/** The kinds of naive-ui component the first view draws (shell, header, dashboard). */
const FirstViewKinds = defineComponent({
  render: () =>
    h(NConfigProvider, null, () =>
      h(NLayout, { hasSider: true }, () => [
        h(NLayoutSider, null, () => h(NMenu, { options: [{ key: 'a', label: 'A' }] })),
        h(NLayout, null, () => [
          h(NLayoutHeader, null, () => [
            h(NBreadcrumb, null, () => h(NBreadcrumbItem, null, () => 'x')),
            h(NTooltip, null, { trigger: () => h(NTag, null, () => 't'), default: () => 'tip' }),
            h(NBadge, { value: 1 }, () => h(NButton, null, () => 'b')),
            h(NDivider, { vertical: true }),
            h(NDropdown, { options: [{ key: 'k', label: 'K' }] }, () => h(NButton, null, () => 'd')),
            h(NButtonGroup, null, () => h(NButton, null, () => 'g')),
          ]),
          h(NLayoutContent, null, () => [
            h(NSelect, { options: [{ value: 'v', label: 'V' }], value: 'v', nodeProps: selectOptionProps }),
            h(NEmpty, { description: 'none' }),
            h(NIcon, null, () => h('svg')),
          ]),
        ]),
      ]),
    ),
});

const written = (): Map<string, string> =>
  new Map([...document.head.querySelectorAll('style[cssr-id]')].map((el) => [el.getAttribute('cssr-id')!, el.textContent ?? '']));

afterEach(() => {
  document.head.querySelectorAll('style[cssr-id]').forEach((el) => el.remove());
  document.body.innerHTML = '';
});

describe('naive-ui stylesheets rendered at build time', () => {
  it('are, sheet for sheet, the text naive-ui writes itself when those components mount', () => {
    const wrapper = mount(FirstViewKinds, { attachTo: document.body });
    const own = written();
    wrapper.unmount();
    expect(sheets.length).toBeGreaterThan(20);
    for (const [id, text] of sheets) {
      expect(own.has(id), id).toBe(true);
      expect(text, id).toBe(own.get(id));
    }
  });

  it('stand first in the head, in order, and naive-ui writes none of them again', () => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    document.head.append(link);
    installPrebuiltStyles();
    installPrebuiltStyles(); // twice: nothing doubled
    const ids = sheets.map(([id]) => id);
    const before = [...document.head.querySelectorAll('style[cssr-id], link')].map((el) => el.getAttribute('cssr-id') ?? 'link');
    expect(before).toEqual([...ids, 'link']);
    const els = ids.map((id) => document.head.querySelector(`style[cssr-id="${id}"]`));
    const wrapper = mount(FirstViewKinds, { attachTo: document.body });
    // The same elements, untouched: css-render found them and wrote nothing.
    expect(ids.map((id) => document.head.querySelector(`style[cssr-id="${id}"]`))).toEqual(els);
    expect(ids.map((id) => document.head.querySelectorAll(`style[cssr-id="${id}"]`).length)).toEqual(ids.map(() => 1));
    wrapper.unmount();
    link.remove();
  });
});
