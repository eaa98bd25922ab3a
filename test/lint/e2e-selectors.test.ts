/**
 * The e2e selector rule of eslint.config.js: specs and page objects never select by naive-ui class
 * names (`.n-…`). Planted files in test/fixtures/e2e-selectors name the path they pretend to be
 * (`// as:`) and whether the rule must trip (`// expect:`), and are linted with the project's config.
 */
import { describe, expect, it } from 'vitest';
import { plantedFixtures, ruleErrors, rulesFor } from './testing/lint-harness';

const planted = plantedFixtures('e2e-selectors');

describe('e2e selectors by role, label or test id (no naive-ui classes)', () => {
  it('is on for the e2e tests', async () => {
    const rules = await rulesFor('e2e/records.spec.ts');
    expect(rules['no-restricted-syntax']?.[0]).toBe(2);
    expect(planted.some((p) => p.expected === 'nothing')).toBe(true);
    expect(planted.some((p) => p.expected === 'e2e-no-naive-classes')).toBe(true);
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'passes' : `fails ${p.expected}`}`, async () => {
      // One message per rule (a template with two class names reports each).
      const errors = await ruleErrors(p.text, p.as, 'no-restricted-syntax', { unique: true });
      expect(errors).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
