/**
 * The one way the lint tests (test/lint/*.test.ts) plant a violation: a fixture file in
 * test/fixtures/<folder> names the product path it pretends to be (`// as:`, or `<!-- as: -->` in a Vue fixture) and the rule message
 * it must trip (`// expect:`, or `nothing`), and is linted there with the project's own config
 * through ESLint's Node API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface Planted {
  fixture: string;
  text: string;
  /** The product path the file is linted as. */
  as: string;
  /** The message name the rule must report, or `nothing`. */
  expected: string;
}

/** The planted files of test/fixtures/<folder> (each `*.fixture`). */
export function plantedFixtures(folder: string): Planted[] {
  const dir = join(ROOT, 'test/fixtures', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.fixture'))
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      // A line comment heads a script fixture, an HTML comment a Vue one.
      const as = /^(?:\/\/|<!--) as: (\S+)(?: -->)?$/m.exec(text)?.[1];
      const expected = /^(?:\/\/|<!--) expect: (\S+)(?: -->)?$/m.exec(text)?.[1];
      if (!as || !expected) throw new Error(`${f}: needs "// as:" and "// expect:" lines (or <!-- as: … --> in a Vue fixture)`);
      return { fixture: f, text, as, expected };
    });
}

/**
 * The names (the message up to its first colon) that `ruleId` reports on `text` linted as the
 * product path `as`; `unique` reports each name once (a template with two offending parts reports each).
 */
export async function ruleErrors(text: string, as: string, ruleId: string, opts: { unique?: boolean } = {}): Promise<string[]> {
  // The planted file is in no tsconfig project: type-aware rules off, only the rule under test matters.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  const names = result!.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message.split(':')[0]!);
  return opts.unique ? [...new Set(names)] : names;
}

/** The rules the project's config applies to a product file (`path` relative to the root). */
export async function rulesFor<T = unknown[]>(path: string): Promise<Record<string, T>> {
  const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(join(ROOT, path))) as { rules: Record<string, T> };
  return config.rules;
}
