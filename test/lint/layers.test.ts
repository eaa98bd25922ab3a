/**
 * Each layer rule of eslint.config.js fails a lint run on a planted violation. The planted files
 * live in test/fixtures/layers (never in the product); each names the product path it pretends
 * to be (`// as:`) and the rule it must trip (`// expect:`), and is linted there with the
 * project's own config through ESLint's Node API.
 */
import { describe, expect, it } from 'vitest';
import { plantedFixtures, ruleErrors, rulesFor } from './testing/lint-harness';

const planted = plantedFixtures('layers');

describe('layer rules (eslint.config.js)', () => {
  it('has a planted violation for every layer rule', async () => {
    const rules = await rulesFor<[string, { name: string }[]]>('electron/main/index.ts');
    const names = rules['layers/imports']![1].map((l) => l.name);
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(new Set(planted.map((p) => p.expected))).toEqual(new Set([...names, 'nothing']));
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'allowed imports pass' : `fails ${p.expected}`}`, async () => {
      const errors = await ruleErrors(p.text, p.as, 'layers/imports');
      expect(errors).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
