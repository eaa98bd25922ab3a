/**
 * The console's colours in one place, shared by naive-ui's theme overrides and the ECharts
 * themes so charts and controls agree in both modes. Shared: the host draws the dashboard's trend
 * with the same colours (electron/main/services/dashboard/trend-svg.ts).
 */

/** The two modes the console is shown in. */
export type ThemeMode = 'light' | 'dark';

export const palette = {
  light: {
    primary: '#2f6bff',
    primaryHover: '#5087ff',
    primaryPressed: '#1f55d9',
    info: '#2f6bff',
    success: '#12a150',
    warning: '#e49b0f',
    error: '#e5484d',
    pageBackground: '#f3f5f9',
    surface: '#ffffff',
    border: '#e4e7ee',
    text: '#1f2329',
    textSecondary: '#5c6470',
    textMuted: '#8a919c',
    gridLine: '#eef0f4',
  },
  dark: {
    primary: '#5b8cff',
    primaryHover: '#7aa2ff',
    primaryPressed: '#3f72ec',
    info: '#5b8cff',
    success: '#3dd68c',
    warning: '#f5b83d',
    error: '#ff6369',
    pageBackground: '#101014',
    surface: '#18181c',
    border: '#2c2c32',
    text: '#e8eaed',
    textSecondary: '#b3b8c2',
    textMuted: '#80868f',
    gridLine: '#26262c',
  },
} as const;

/** Series colours: distinct in both modes, the first three readable as operator colours. */
export const seriesColors = {
  light: ['#2f6bff', '#12a150', '#f08c00', '#e5484d', '#8e4ec6', '#0ea5b7', '#d6409f', '#7c8a12'],
  dark: ['#5b8cff', '#3dd68c', '#ffa94d', '#ff6369', '#b48ef0', '#3ec6d6', '#f076bd', '#b5c73a'],
} as const;
