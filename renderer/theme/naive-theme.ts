/** naive-ui theme and overrides for each mode, derived from the shared palette. */
import { shallowRef } from 'vue';
import type { GlobalTheme, GlobalThemeOverrides } from 'naive-ui';
import { palette } from '../../shared/charts/palette';
import type { ThemeMode } from './resolve-theme';

function overrides(mode: ThemeMode): GlobalThemeOverrides {
  const p = palette[mode];
  return {
    common: {
      primaryColor: p.primary,
      primaryColorHover: p.primaryHover,
      primaryColorPressed: p.primaryPressed,
      primaryColorSuppl: p.primaryHover,
      infoColor: p.info,
      infoColorHover: p.primaryHover,
      infoColorPressed: p.primaryPressed,
      infoColorSuppl: p.primaryHover,
      successColor: p.success,
      warningColor: p.warning,
      errorColor: p.error,
      borderRadius: '6px',
      fontFamily:
        "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
    },
    Layout: {
      color: p.pageBackground,
      headerColor: p.surface,
      siderColor: p.surface,
      headerBorderColor: p.border,
      siderBorderColor: p.border,
    },
    Card: {
      borderRadius: '10px',
      borderColor: p.border,
    },
    Menu: {
      borderRadius: '6px',
      itemHeight: '40px',
    },
  };
}

export const themeOverrides: Record<ThemeMode, GlobalThemeOverrides> = {
  light: overrides('light'),
  dark: overrides('dark'),
};

const dark = shallowRef<GlobalTheme | null>(null);
let darkLoading: Promise<void> | null = null;

/**
 * Makes `naiveTheme(mode)` ready: the light theme is built in; the dark one is loaded once, the
 * first time dark mode is shown (the first view in light mode never downloads it).
 */
export function loadNaiveTheme(mode: ThemeMode): Promise<void> {
  if (mode !== 'dark' || dark.value) return Promise.resolve();
  darkLoading ??= import('./naive-dark').then(
    (m) => {
      dark.value = m.darkTheme;
    },
    (e: unknown) => {
      darkLoading = null; // a later switch tries again
      throw e;
    },
  );
  return darkLoading;
}

/** `null` is naive-ui's built-in light theme; dark is available once `loadNaiveTheme('dark')` resolved. */
export function naiveTheme(mode: ThemeMode): GlobalTheme | null {
  return mode === 'dark' ? dark.value : null;
}
