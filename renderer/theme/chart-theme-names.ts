// Names only, free of ECharts: the shell and views can refer to a theme without loading the library.
import type { ThemeMode } from './resolve-theme';

export const CHART_THEME_NAMES: Record<ThemeMode, string> = {
  light: 'onetap-light',
  dark: 'onetap-dark',
};
