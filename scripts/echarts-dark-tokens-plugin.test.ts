import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { echartsDarkTokensPlugin, precomputeDarkTokens } from './echarts-dark-tokens-plugin';

const require = createRequire(import.meta.url);
const tokensPath = require.resolve('echarts/lib/visual/tokens.js');
const source = readFileSync(tokensPath, 'utf8');

type Tokens = { color: Record<string, unknown>; darkColor: Record<string, unknown>; size: Record<string, unknown> };

/** Evaluates a version of ECharts' tokens.js (an ES module) as the page would, its imports resolved beside the original. */
async function evaluateTokens(code: string): Promise<Tokens> {
  const resolved = code.replace(/from '([^']+)'/g, (_m, spec: string) => `from '${pathToFileURL(require.resolve(spec, { paths: [tokensPath] })).href}'`);
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(resolved).toString('base64')}`)) as { default: Tokens };
  return mod.default;
}

describe('ECharts dark tokens computed at build time', () => {
  it('gives the very tokens ECharts computes, without its colour conversions at run time', async () => {
    const original = await evaluateTokens(source);
    const precomputed = precomputeDarkTokens(source, original.darkColor);
    expect(precomputed).not.toMatch(/modifyHSL\(/);
    const built = await evaluateTokens(precomputed);
    expect(built).toEqual(original);
    // A real table: 64 colours, the light ones turned dark.
    expect(Object.keys(built.darkColor)).toHaveLength(Object.keys(original.color).length);
    expect(built.darkColor.neutral00).not.toBe(original.color.neutral00);
  });

  it('the plugin rewrites only ECharts tokens module, with the values of ECharts as installed', async () => {
    const plugin = echartsDarkTokensPlugin();
    const transform = plugin.transform as (code: string, id: string) => Promise<{ code: string } | null>;
    expect(await transform('export const x = 1;', '/repo/renderer/main.ts')).toBeNull();
    const out = await transform(source, tokensPath);
    expect(out).not.toBeNull();
    expect(await evaluateTokens(out!.code)).toEqual(await evaluateTokens(source));
  });

  it('fails the build when ECharts no longer has the loop it replaces', () => {
    expect(() => precomputeDarkTokens('var tokens = { darkColor: {} };\nexport default tokens;\n', {})).toThrow(/no longer has the dark-colour loop/);
  });
});
