/**
 * The SQL rule of eslint.config.js (`layers/sql`): SQL runs only in repositories, query modules
 * and the db layer. Planted files in test/fixtures/sql name the product path they pretend to be
 * (`// as:`) and whether the rule must trip (`// expect:`); RegExp#exec stays allowed anywhere.
 */
import { describe, expect, it } from 'vitest';
import { plantedFixtures, ruleErrors, rulesFor } from './testing/lint-harness';

const planted = plantedFixtures('sql');

describe('SQL only in repositories (layers/sql)', () => {
  it('is on for the product', async () => {
    const rules = await rulesFor('electron/main/services/records/handlers.ts');
    expect(rules['layers/sql']?.[0]).toBe(2);
    expect(planted.some((p) => p.expected === 'nothing')).toBe(true);
    expect(planted.some((p) => p.expected === 'sql-in-repositories')).toBe(true);
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'passes' : `fails ${p.expected}`}`, async () => {
      expect(await ruleErrors(p.text, p.as, 'layers/sql')).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
