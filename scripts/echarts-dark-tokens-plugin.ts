/**
 * ECharts 6 derives its 64 dark colour tokens (`tokens.darkColor`, used by its own 'dark' theme) in a
 * loop of colour parsing and HSL conversions that runs when its module is evaluated, on the page's
 * main thread, on the way to the dashboard's first chart. The result never changes: here the loop is
 * run once at build time (ECharts' own module, in Node) and its result written in its place. The
 * build fails if ECharts' source no longer has that loop (a new version: look again).
 */
import type { Plugin } from 'vite';

const TOKENS_MODULE = /[\\/]echarts[\\/]lib[\\/]visual[\\/]tokens\.js$/;
/** The loop, from its head to the line before `tokens.size = {`. */
const DARK_LOOP = /\nfor \(var key in color\) \{\n[\s\S]*?modifyHSL[\s\S]*?\n\}\n(?=tokens\.size = \{)/;

/** Replaces the dark-token loop of `code` (ECharts' tokens.js) by an assignment of `darkColor`. */
export function precomputeDarkTokens(code: string, darkColor: Record<string, unknown>): string {
  if (!DARK_LOOP.test(code)) throw new Error("echarts-dark-tokens: ECharts' tokens.js no longer has the dark-colour loop this plugin replaces");
  return code.replace(DARK_LOOP, () => `\ntokens.darkColor = ${JSON.stringify(darkColor)};\n`);
}

export function echartsDarkTokensPlugin(): Plugin {
  let darkColor: Record<string, unknown> | undefined;
  return {
    name: 'onetap-echarts-dark-tokens',
    apply: 'build',
    async transform(code, id) {
      if (!TOKENS_MODULE.test(id.split('?')[0]!)) return null;
      // ECharts' module as published, run in Node (a variable specifier: not bundled with the config).
      const specifier = 'echarts/lib/visual/tokens.js';
      darkColor ??= ((await import(specifier)) as { default: { darkColor: Record<string, unknown> } }).default.darkColor;
      return { code: precomputeDarkTokens(code, darkColor), map: null };
    },
  };
}
