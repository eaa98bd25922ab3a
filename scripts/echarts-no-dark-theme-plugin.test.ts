import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { echartsNoDarkThemePlugin, withoutDarkTheme } from './echarts-no-dark-theme-plugin';

const require = createRequire(import.meta.url);
const corePath = require.resolve('echarts/lib/core/echarts.js');
const source = readFileSync(corePath, 'utf8');

describe("ECharts' core without its built-in dark theme", () => {
  it('drops the import and the registration, and nothing else', () => {
    const out = withoutDarkTheme(source);
    expect(out).not.toContain('theme/dark.js');
    expect(out).not.toMatch(/registerTheme\('dark'/);
    // The default theme, which setTheme('default') needs, stays registered.
    expect(out).toContain("registerTheme('default', {});");
    // Exactly two lines fewer.
    expect(out.split('\n')).toHaveLength(source.split('\n').length - 2);
  });

  it('the plugin rewrites only ECharts core module', () => {
    const plugin = echartsNoDarkThemePlugin();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform("import darkTheme from '../theme/dark.js';\n", '/repo/renderer/main.ts')).toBeNull();
    expect(transform(source, corePath)!.code).not.toContain('theme/dark.js');
  });

  it('fails the build when ECharts no longer registers its dark theme this way', () => {
    expect(() => withoutDarkTheme("registerTheme('default', {});\n")).toThrow(/no longer imports and registers/);
    const usedElsewhere = "import darkTheme from '../theme/dark.js';\nregisterTheme('dark', darkTheme);\nexport { darkTheme };\n";
    expect(() => withoutDarkTheme(usedElsewhere)).toThrow(/elsewhere/);
  });
});
