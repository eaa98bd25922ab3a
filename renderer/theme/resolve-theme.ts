import type { Settings } from '../../shared/contract/settings';
import type { ThemeMode } from '../../shared/charts/palette';

export type ThemePref = Settings['theme'];
export type { ThemeMode } from '../../shared/charts/palette';

/** The theme actually shown: the user's choice, or the OS's when the choice is 'system'. */
export function resolveTheme(pref: ThemePref, osPrefersDark: boolean): ThemeMode {
  if (pref === 'system') return osPrefersDark ? 'dark' : 'light';
  return pref;
}
