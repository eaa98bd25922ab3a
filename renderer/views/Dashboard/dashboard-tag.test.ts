// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { darkTheme, NConfigProvider, NTag, useThemeVars, type ThemeCommonVars } from 'naive-ui';
import { themeOverrides } from '../../theme/naive-theme';
import type { ThemeMode } from '../../theme/resolve-theme';
import DashboardTag from './DashboardTag.vue';
import { DASHBOARD_TAG_TYPES, dashboardTagVars } from './dashboard-tag';

/**
 * naive-ui's own small borderless tags of each type in `mode` (the console's theme and overrides, as
 * App.vue provides them): the CSS variables each one sets, and the theme's common variables.
 */
function naiveTags(mode: ThemeMode): { common: ThemeCommonVars; tags: Map<string, CSSStyleDeclaration> } {
  let common: ThemeCommonVars | undefined;
  const Probe = defineComponent(() => {
    const vars = useThemeVars();
    return () => {
      common = vars.value;
      return null;
    };
  });
  const wrapper = mount(
    defineComponent({
      render: () =>
        h(NConfigProvider, { theme: mode === 'dark' ? darkTheme : null, themeOverrides: themeOverrides[mode] }, () => [
          h(Probe),
          ...DASHBOARD_TAG_TYPES.map((type) => h(NTag, { type, size: 'small', bordered: false, 'data-type': type }, () => type)),
        ]),
    }),
  );
  const tags = new Map(DASHBOARD_TAG_TYPES.map((type) => [type, (wrapper.find(`[data-type="${type}"]`).element as HTMLElement).style]));
  return { common: common!, tags };
}

describe('the dashboard’s plain tag', () => {
  for (const mode of ['light', 'dark'] as const) {
    it(`has naive-ui’s small borderless tag’s colours and size for every type, in ${mode}`, () => {
      const { common, tags } = naiveTags(mode);
      const vars = dashboardTagVars(mode === 'dark' ? darkTheme : null, common, themeOverrides[mode]);
      for (const type of DASHBOARD_TAG_TYPES) {
        const naive = tags.get(type)!;
        expect(naive.getPropertyValue('--n-color'), type).not.toBe('');
        expect(vars[`--dashboard-tag-${type}-color`], type).toBe(naive.getPropertyValue('--n-color'));
        expect(vars[`--dashboard-tag-${type}-text`], type).toBe(naive.getPropertyValue('--n-text-color'));
        expect(vars['--dashboard-tag-height']).toBe(naive.getPropertyValue('--n-height'));
        expect(vars['--dashboard-tag-font-size']).toBe(naive.getPropertyValue('--n-font-size'));
        expect(vars['--dashboard-tag-padding']).toBe(naive.getPropertyValue('--n-padding'));
        expect(vars['--dashboard-tag-radius']).toBe(naive.getPropertyValue('--n-border-radius'));
        expect(vars['--dashboard-tag-bezier']).toBe(naive.getPropertyValue('--n-bezier'));
      }
      // The types differ from each other (a mix-up of keys would make them all alike).
      expect(new Set(DASHBOARD_TAG_TYPES.map((type) => vars[`--dashboard-tag-${type}-color`])).size).toBe(DASHBOARD_TAG_TYPES.length);
    });
  }

  it('draws its text in an element of its type, without a component of naive-ui', () => {
    const wrapper = mount(DashboardTag, { props: { type: 'warning' }, slots: { default: () => '已用完' } });
    expect(wrapper.classes()).toEqual(['dashboard-tag', 'dashboard-tag--warning']);
    expect(wrapper.find('.dashboard-tag__content').text()).toBe('已用完');
    expect(mount(DashboardTag, { slots: { default: () => 'x' } }).classes()).toContain('dashboard-tag--default');
  });
});
