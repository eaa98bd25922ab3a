/**
 * The dashboard's small status tags (packages, bills) are drawn as plain elements in the look of
 * naive-ui's `NTag size="small" :bordered="false"` (DashboardTag.vue): a first view with a few of
 * these paid NTag's per-instance theme merge and its thirty-odd CSS variables on each. The values
 * come from naive-ui's own tag theme for the theme on screen, set once on the dashboard.
 */
import type { GlobalTheme, GlobalThemeOverrides, ThemeCommonVars } from 'naive-ui';
import tagLight from 'naive-ui/es/tag/styles/light';

export const DASHBOARD_TAG_TYPES = ['default', 'success', 'info', 'warning'] as const;
export type DashboardTagType = (typeof DASHBOARD_TAG_TYPES)[number];

type TagSelf = ReturnType<NonNullable<typeof tagLight.self>>;
const typed = (type: DashboardTagType, what: 'color' | 'textColor'): keyof TagSelf =>
  (type === 'default' ? what : `${what}${type[0]!.toUpperCase()}${type.slice(1)}`) as keyof TagSelf;

/**
 * The CSS variables DashboardTag.vue draws with, for naive-ui's `theme` (null: its light theme),
 * the theme's common variables (`useThemeVars()`: overrides applied) and the console's overrides.
 */
export function dashboardTagVars(theme: GlobalTheme | null, common: ThemeCommonVars, overrides: GlobalThemeOverrides): Record<string, string> {
  // As naive-ui's useTheme: the tag's own variables from the common ones, then the overrides for tags.
  const self = { ...(theme?.Tag ?? tagLight).self!(common), ...overrides.Tag } as TagSelf;
  const vars: Record<string, string> = {
    '--dashboard-tag-height': self.heightSmall,
    '--dashboard-tag-font-size': self.fontSizeSmall,
    '--dashboard-tag-padding': self.padding,
    '--dashboard-tag-radius': self.borderRadius,
    '--dashboard-tag-bezier': common.cubicBezierEaseInOut,
  };
  for (const type of DASHBOARD_TAG_TYPES) {
    vars[`--dashboard-tag-${type}-color`] = String(self[typed(type, 'color')]);
    vars[`--dashboard-tag-${type}-text`] = String(self[typed(type, 'textColor')]);
  }
  return vars;
}
