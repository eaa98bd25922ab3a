/**
 * `renderer/select-option-props` (eslint-renderer.mjs) fails a lint run on a planted select
 * without the option props (template, kebab-case tag with other props, render function) and
 * passes one that has them. The planted files live in test/fixtures/select-option-props (never in
 * the product); each names the renderer path it pretends to be (`as:`) and what it must trip
 * (`expect:` missing | other | nothing), and is linted there with the project's own config.
 */
import { describe, expect, it } from 'vitest';
import { plantedFixtures, ruleErrors } from './testing/lint-harness';

const planted = plantedFixtures('select-option-props');

/** What the rule says of the planted text: a select missing the props, or one with other props. */
async function selectErrors(text: string, as: string): Promise<string[]> {
  const names = await ruleErrors(text, as, 'renderer/select-option-props');
  return names.map((name) => (name === 'missing-option-props' ? 'missing' : name === 'other-option-props' ? 'other' : name));
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
