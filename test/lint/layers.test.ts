/**
 * Each layer rule of eslint.config.js fails a lint run on a planted violation. The planted files
 * live in test/fixtures/layers (never in the product); each names the product path it pretends
 * to be (`// as:`) and the rule it must trip (`// expect:`), and is linted there with the
 * project's own config through ESLint's Node API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/layers');

const planted = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.fixture'))
  .map((f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const as = /^\/\/ as: (\S+)$/m.exec(text)?.[1];
    const expected = /^\/\/ expect: (\S+)$/m.exec(text)?.[1];
    if (!as || !expected) throw new Error(`${f}: needs "// as:" and "// expect:" lines`);
    return { fixture: f, text, as, expected };
  });

async function layerErrors(text: string, as: string): Promise<string[]> {
  // Type-aware rules need the file in a tsconfig project; the planted file is not, and only the layer rule is under test.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  return result!.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message.split(':')[0]!);
}

describe('layer rules (eslint.config.js)', () => {
  it('has a planted violation for every layer rule', async () => {
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(join(ROOT, 'electron/main/index.ts'))) as {
      rules: Record<string, [string, { name: string }[]]>;
    };
    const names = config.rules['layers/imports']![1].map((l) => l.name);
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(new Set(planted.map((p) => p.expected))).toEqual(new Set([...names, 'nothing']));
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'allowed imports pass' : `fails ${p.expected}`}`, async () => {
      const errors = await layerErrors(p.text, p.as);
      expect(errors).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
