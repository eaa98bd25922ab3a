import { describe, expect, it } from 'vitest';
import { COMPILE_HINT, eagerCompilePlugin, withCompileHint } from './eager-compile-plugin';

type Chunk = { type: 'chunk'; facadeModuleId: string | null; code: string } | { type: 'asset'; source: string };
type Hook = { handler: (this: { error: (m: string) => never }, options: unknown, bundle: Record<string, Chunk>) => void };

function generate(modules: RegExp[], bundle: Record<string, Chunk>): void {
  const hook = eagerCompilePlugin(modules).generateBundle as unknown as Hook;
  hook.handler.call(
    {
      error: (m: string) => {
        throw new Error(m);
      },
    },
    {},
    bundle,
  );
}

describe('eager compilation hint for the chunks the first view runs', () => {
  it("puts V8's file-wide hint on the first line, once", () => {
    expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad');
    const code = 'import{t as e}from"./x.js";export{e as VChart};';
    expect(withCompileHint(code)).toBe(`//# allFunctionsCalledOnLoad\n${code}`);
    expect(withCompileHint(withCompileHint(code))).toBe(withCompileHint(code));
  });

  it('marks the chunk of the matching entry module and nothing else', () => {
    const bundle: Record<string, Chunk> = {
      'assets/echarts-lines-1.js': { type: 'chunk', facadeModuleId: '/repo/renderer/charts/echarts-lines.ts', code: 'a()' },
      'assets/echarts-2.js': { type: 'chunk', facadeModuleId: '/repo/renderer/charts/echarts.ts', code: 'b()' },
      'assets/shared-3.js': { type: 'chunk', facadeModuleId: null, code: 'c()' },
      'assets/x.css': { type: 'asset', source: 'p{}' },
    };
    generate([/\/renderer\/charts\/echarts-lines\.ts$/], bundle);
    expect(Object.values(bundle).map((c) => (c.type === 'chunk' ? c.code : c.source))).toEqual([`${COMPILE_HINT}\na()`, 'b()', 'c()', 'p{}']);
  });

  it('fails the build when a module to mark has no chunk of its own (renamed or merged away)', () => {
    const bundle: Record<string, Chunk> = { 'assets/shell.js': { type: 'chunk', facadeModuleId: '/repo/renderer/main.ts', code: 'm()' } };
    expect(() => generate([/\/renderer\/charts\/echarts-lines\.ts$/], bundle)).toThrow(/1 modules to mark, 0 chunks found/);
  });
});
