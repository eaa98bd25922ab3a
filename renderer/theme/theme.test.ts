import { describe, expect, it } from 'vitest';
import { resolveTheme } from './resolve-theme';
import { chartTheme, CHART_THEME_NAMES } from './echarts-themes';
import { loadNaiveTheme, naiveTheme, themeOverrides } from './naive-theme';
import { palette } from '../../shared/charts/palette';

describe('theme', () => {
  it('follows the OS only when the choice is "system"', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('gives naive-ui its dark theme, loaded when dark mode is first shown, and the palette per mode', async () => {
    expect(naiveTheme('light')).toBeNull();
    await loadNaiveTheme('light');
    expect(naiveTheme('dark')).toBeNull();
    await Promise.all([loadNaiveTheme('dark'), loadNaiveTheme('dark')]);
    expect(naiveTheme('dark')?.name).toBe('dark');
    expect(naiveTheme('light')).toBeNull();
    expect(themeOverrides.light.common?.primaryColor).toBe(palette.light.primary);
    expect(themeOverrides.dark.Layout?.color).toBe(palette.dark.pageBackground);
  });

  it('has two distinct chart themes with transparent backgrounds and readable text', () => {
    expect(CHART_THEME_NAMES).toEqual({ light: 'onetap-light', dark: 'onetap-dark' });
    const light = chartTheme('light');
    const dark = chartTheme('dark');
    expect(light.backgroundColor).toBe('transparent');
    expect(dark.backgroundColor).toBe('transparent');
    expect((dark.textStyle as { color: string }).color).toBe(palette.dark.textSecondary);
    expect(light.color).not.toEqual(dark.color);
  });

  it('gives chart text a real font family (a canvas rejects "inherit")', () => {
    expect((chartTheme('light', 'Arial, sans-serif').textStyle as { fontFamily: string }).fontFamily).toBe('Arial, sans-serif');
    expect((chartTheme('dark').textStyle as { fontFamily: string }).fontFamily).toBe('sans-serif');
  });
});
