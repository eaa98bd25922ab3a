import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { areaMessageModules, deepMerge, mergeMessages, messages } from './area-messages';
import { SUPPORTED_LOCALES } from './locales';

type Tree = Record<string, unknown>;

function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree as Tree).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Tree)[part] : undefined), tree);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('i18n messages', () => {
  it.each(Object.entries(areaMessageModules))('area %s has the same keys in every language, all under its namespace', (area, mod) => {
    const zh = leafKeys(mod['zh-CN']).sort();
    for (const locale of SUPPORTED_LOCALES) {
      expect(Object.keys(mod[locale] ?? {}), `${area} ${locale}`).toEqual([area]);
      expect(leafKeys(mod[locale]).sort(), `${area} ${locale}`).toEqual(zh);
    }
  });

  it('has no empty message', () => {
    const empty = (tree: unknown, path: string): string[] =>
      typeof tree === 'string' ? (tree.trim() ? [] : [path]) : Object.entries(tree as Tree).flatMap(([k, v]) => empty(v, `${path}.${k}`));
    for (const locale of SUPPORTED_LOCALES) expect(empty(messages[locale], locale)).toEqual([]);
  });

  it('has no key with a dot in it (vue-i18n reads a dot as nesting, so such a message is never found)', () => {
    const dotted = (tree: unknown, path: string): string[] =>
      typeof tree === 'string'
        ? []
        : Object.entries(tree as Tree).flatMap(([k, v]) => [...(k.includes('.') ? [`${path}.'${k}'`] : []), ...dotted(v, `${path}.${k}`)]);
    for (const locale of SUPPORTED_LOCALES) expect(dotted(messages[locale], locale)).toEqual([]);
  });

  it('refuses a key defined twice or as both message and group', () => {
    expect(() => deepMerge({ a: { b: 'x' } }, { a: { b: 'y' } })).toThrow(/a\.b is defined twice/);
    expect(() => deepMerge({ a: 'x' }, { a: { b: 'y' } })).toThrow(/both a message and a group/);
    expect(
      mergeMessages([
        { 'zh-CN': { a: { x: '1' } }, 'en-US': { a: { x: 'one' } } },
        { 'zh-CN': { a: { y: '2' } }, 'en-US': { a: { y: 'two' } } },
      ]),
    ).toEqual({
      'zh-CN': { a: { x: '1', y: '2' } },
      'en-US': { a: { x: 'one', y: 'two' } },
    });
  });

  it('every literal key a renderer source asks for exists in both languages', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?<![\w$.])\$?t\(\s*'([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)'/g)) {
        for (const locale of SUPPORTED_LOCALES) {
          if (typeof lookup(messages[locale], m[1]!) !== 'string') missing.push(`${locale} ${m[1]} (${file.slice(root.length)})`);
        }
      }
      for (const m of text.matchAll(/(?:titleKey|labelKey):\s*'([A-Za-z0-9_.-]+)'/g)) {
        for (const locale of SUPPORTED_LOCALES) {
          if (typeof lookup(messages[locale], m[1]!) !== 'string') missing.push(`${locale} ${m[1]} (${file.slice(root.length)})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
