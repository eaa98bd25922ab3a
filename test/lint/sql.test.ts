/**
 * The SQL rule of eslint.config.js (`layers/sql`): SQL runs only in repositories, query modules
 * and the db layer. Planted files in test/fixtures/sql name the product path they pretend to be
 * (`// as:`) and whether the rule must trip (`// expect:`); RegExp#exec stays allowed anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/sql');

const planted = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.fixture'))
  .map((f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const as = /^\/\/ as: (\S+)$/m.exec(text)?.[1];
    const expected = /^\/\/ expect: (\S+)$/m.exec(text)?.[1];
    if (!as || !expected) throw new Error(`${f}: needs "// as:" and "// expect:" lines`);
    return { fixture: f, text, as, expected };
  });

async function sqlErrors(text: string, as: string): Promise<string[]> {
  // The planted file is in no tsconfig project: type-aware rules off, only the SQL rule is under test.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  return result!.messages.filter((m) => m.ruleId === 'layers/sql').map((m) => m.message.split(':')[0]!);
}

describe('SQL only in repositories (layers/sql)', () => {
  it('is on for the product', async () => {
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(join(ROOT, 'electron/main/services/records/handlers.ts'))) as {
      rules: Record<string, unknown[]>;
    };
    expect(config.rules['layers/sql']?.[0]).toBe(2);
    expect(planted.some((p) => p.expected === 'nothing')).toBe(true);
    expect(planted.some((p) => p.expected === 'sql-in-repositories')).toBe(true);
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'passes' : `fails ${p.expected}`}`, async () => {
      expect(await sqlErrors(p.text, p.as)).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
