import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lodashGetTagPlugin, withoutTagProbes } from './lodash-get-tag-plugin';

const require = createRequire(import.meta.url);
const getTagPath = require.resolve('lodash-es/_getTag.js');
const source = readFileSync(getTagPath, 'utf8');
/** A lodash-es module as Node evaluates it (strict ES module, V8), the untouched file. */
const lodashModule = async (name: string): Promise<{ default: unknown }> =>
  (await import(pathToFileURL(require.resolve(`lodash-es/${name}`)).href)) as { default: unknown };

describe("lodash-es's getTag without its engine probes", () => {
  it('is what the probes leave on V8: lodash-es itself ends up with baseGetTag', async () => {
    // The untouched module, evaluated here (V8, strict ES module): its probes all pass, so the
    // fallback is never installed and the rewrite changes nothing but the probes' cost.
    expect((await lodashModule('_getTag.js')).default).toBe((await lodashModule('_baseGetTag.js')).default);
  });

  it('tags what the probes tested as lodash-es does', async () => {
    const getTag = (await lodashModule('_baseGetTag.js')).default as (v: unknown) => string;
    expect(getTag(new DataView(new ArrayBuffer(1)))).toBe('[object DataView]');
    expect(getTag(new Map())).toBe('[object Map]');
    expect(getTag(Promise.resolve())).toBe('[object Promise]');
    expect(getTag(new Set())).toBe('[object Set]');
    expect(getTag(new WeakMap())).toBe('[object WeakMap]');
    expect(getTag({})).toBe('[object Object]');
  });

  it('rewrites the module to re-export baseGetTag, with nothing left that throws', () => {
    const out = withoutTagProbes(source);
    expect(out).toBe("import baseGetTag from './_baseGetTag.js';\nexport default baseGetTag;\n");
  });

  it('the plugin rewrites only that module', () => {
    const plugin = lodashGetTagPlugin();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform(source, '/repo/node_modules/lodash-es/_baseGetTag.js')).toBeNull();
    expect(transform(source, getTagPath)!.code).toContain('export default baseGetTag;');
  });

  it('fails the build when lodash-es no longer probes this way', () => {
    expect(() => withoutTagProbes(source.replace('var getTag = baseGetTag;', 'var getTag = otherGetTag;'))).toThrow(/no longer probes/);
    expect(() => withoutTagProbes("import baseGetTag from './_baseGetTag.js';\nexport default baseGetTag;\n")).toThrow(/no longer probes/);
  });
});
