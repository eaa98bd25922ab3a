/**
 * `renderer/select-option-props` (eslint-renderer.mjs) fails a lint run on a planted select
 * without the option props (template, kebab-case tag with other props, render function) and
 * passes one that has them. The planted files live in test/fixtures/select-option-props (never in
 * the product); each names the renderer path it pretends to be (`as:`) and what it must trip
 * (`expect:` missing | other | nothing), and is linted there with the project's own config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/select-option-props');

const planted = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.fixture'))
  .map((f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const as = /\bas: (\S+)/.exec(text)?.[1];
    const expected = /\bexpect: (missing|other|nothing)\b/.exec(text)?.[1];
    if (!as || !expected) throw new Error(`${f}: needs "as:" and "expect:" lines`);
    return { fixture: f, text, as, expected };
  });

async function selectErrors(text: string, as: string): Promise<string[]> {
  // Type-aware rules need the file in a tsconfig project; the planted file is not, and only this rule is under test.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  const fatal = result!.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`${as}: ${fatal.map((m) => m.message).join('; ')}`);
  return result!.messages
    .filter((m) => m.ruleId === 'renderer/select-option-props')
    .map((m) => (/^select-option-props: give this select/.test(m.message) ? 'missing' : 'other'));
}

describe('renderer/select-option-props (eslint.config.js)', () => {
  it('plants a missing, a wrong and an allowed case', () => {
    expect(new Set(planted.map((p) => p.expected))).toEqual(new Set(['missing', 'other', 'nothing']));
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'selects with the option props pass' : `fails (${p.expected})`}`, async () => {
      const errors = await selectErrors(p.text, p.as);
      expect(errors).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
