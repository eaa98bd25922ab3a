/**
 * The e2e selector rule of eslint.config.js: specs and page objects never select by naive-ui class
 * names (`.n-…`). Planted files in test/fixtures/e2e-selectors name the path they pretend to be
 * (`// as:`) and whether the rule must trip (`// expect:`), and are linted with the project's config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/e2e-selectors');

const planted = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.fixture'))
  .map((f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const as = /^\/\/ as: (\S+)$/m.exec(text)?.[1];
    const expected = /^\/\/ expect: (\S+)$/m.exec(text)?.[1];
    if (!as || !expected) throw new Error(`${f}: needs "// as:" and "// expect:" lines`);
    return { fixture: f, text, as, expected };
  });

async function selectorErrors(text: string, as: string): Promise<string[]> {
  // The planted file is in no tsconfig project: type-aware rules off, only the selector rule is under test.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  // One message per rule (a template with two class names reports each).
  return [...new Set(result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message.split(':')[0]!))];
}

describe('e2e selectors by role, label or test id (no naive-ui classes)', () => {
  it('is on for the e2e tests', async () => {
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(join(ROOT, 'e2e/records.spec.ts'))) as { rules: Record<string, unknown[]> };
    expect(config.rules['no-restricted-syntax']?.[0]).toBe(2);
    expect(planted.some((p) => p.expected === 'nothing')).toBe(true);
    expect(planted.some((p) => p.expected === 'e2e-no-naive-classes')).toBe(true);
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'passes' : `fails ${p.expected}`}`, async () => {
      const errors = await selectorErrors(p.text, p.as);
      expect(errors).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
