/**
 * ECharts' core registers its built-in 'dark' theme when it is evaluated (`echarts/core` imports
 * `theme/dark.js` for that side effect), so every chart chunk carried and ran it. The console never
 * draws with it: its charts use their own two themes (renderer/theme/echarts-themes.ts), dark mode
 * included. Here the import and the registration are taken out of ECharts' core; the build fails if
 * a future ECharts no longer has them in this form (look again).
 */
import type { Plugin } from 'vite';

const CORE_MODULE = /[\\/]echarts[\\/]lib[\\/]core[\\/]echarts\.js$/;
const DARK_IMPORT = /^import darkTheme from '\.\.\/theme\/dark\.js';\n/m;
const DARK_REGISTRATION = /^registerTheme\('dark', darkTheme\);\n/m;

/** ECharts' core module (`code`) without its built-in dark theme. */
export function withoutDarkTheme(code: string): string {
  if (!DARK_IMPORT.test(code) || !DARK_REGISTRATION.test(code))
    throw new Error("echarts-no-dark-theme: ECharts' core no longer imports and registers its dark theme as this plugin expects");
  const out = code.replace(DARK_IMPORT, '').replace(DARK_REGISTRATION, '');
  if (/\bdarkTheme\b/.test(out)) throw new Error("echarts-no-dark-theme: ECharts' core uses its dark theme elsewhere too");
  return out;
}

export function echartsNoDarkThemePlugin(): Plugin {
  return {
    name: 'onetap-echarts-no-dark-theme',
    apply: 'build',
    transform(code, id) {
      if (!CORE_MODULE.test(id.split('?')[0]!)) return null;
      return { code: withoutDarkTheme(code), map: null };
    },
  };
}
