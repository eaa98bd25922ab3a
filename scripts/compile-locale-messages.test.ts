import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { messages, type MessageTree } from '../renderer/i18n/area-messages';
import { SUPPORTED_LOCALES } from '../renderer/i18n/locales';
import { staticMessageCompiler } from '../renderer/i18n/static-messages';
import { compileMessage, compileMessageTree } from './compile-locale-messages';

function leaves(tree: MessageTree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [[key, v] as [string, string]] : leaves(v, key);
  });
}

/** What the build's chunk exports, evaluated as the page would (the emitted source is plain JS). */
const evaluate = (source: string): MessageTree => runInNewContext(`(${source})`) as MessageTree;

/** A value for every named placeholder the message mentions, each distinct, so a swap shows. */
function namedFor(message: string): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [, name] of message.matchAll(/\{\s*([A-Za-z_][\w-]*)\s*\}/g)) named[name!] = `<${name}>`;
  return named;
}

describe('messages compiled at build time', () => {
  it.each(SUPPORTED_LOCALES)('%s: every message renders as the run-time compiler renders it', (locale) => {
    const runtime = createI18n({ legacy: false, locale, missingWarn: false, fallbackWarn: false, messages: { [locale]: messages[locale] } });
    const built = createI18n({
      legacy: false,
      locale,
      missingWarn: false,
      fallbackWarn: false,
      messages: { [locale]: evaluate(compileMessageTree(messages[locale])) },
      messageCompiler: staticMessageCompiler,
    });
    const all = leaves(messages[locale]);
    expect(all.length).toBeGreaterThan(500);
    const differing: string[] = [];
    for (const [key, source] of all) {
      const named = namedFor(source);
      for (const args of [[named], [named, 0], [named, 1], [named, 2]] as const) {
        const want = runtime.global.t(key, ...(args as [Record<string, string>]));
        const got = built.global.t(key, ...(args as [Record<string, string>]));
        if (got !== want) differing.push(`${key}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('keeps text-only messages as strings and compiles the rest to functions', () => {
    expect(compileMessage('同步完成')).toBe('"同步完成"');
    expect(evaluate(compileMessage('已同步 {count} 条'))).toBeTypeOf('function');
    // A literal folds to text that differs from the source: compiled, not kept as written.
    expect(evaluate(`{"a":${compileMessage("a{'@'}b")}}`).a).toBeTypeOf('function');
  });

  it('emits plain code for the page (its CSP forbids eval and new Function)', () => {
    for (const locale of SUPPORTED_LOCALES) expect(compileMessageTree(messages[locale])).not.toMatch(/\beval\s*\(|\bFunction\s*\(/);
  });
});
