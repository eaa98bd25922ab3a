import { describe, expect, it } from 'vitest';
import { findCodes } from '../codes';
import { appLocales } from '../apps/messages';
import { causesFor, triageChecks, triageRules } from './causes';
import { triageMessages } from './messages';
import { triageCauses } from './types';

describe('triage rules', () => {
  it('name only codes the seeds print, at the operator the rule says', () => {
    for (const rule of triageRules) {
      const entries = findCodes(rule.code, { operator: rule.operator });
      const at = entries.filter((e) => rule.operator === null || e.operator === null || e.operator === rule.operator);
      expect({ code: rule.code, operator: rule.operator, found: at.length > 0 }).toEqual({ code: rule.code, operator: rule.operator, found: true });
    }
  });

  it('has one rule per code and operator', () => {
    const keys = triageRules.map((r) => `${r.code}|${r.operator ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has words for every cause and check in both languages', () => {
    for (const locale of appLocales) {
      for (const cause of triageCauses) {
        const text = triageMessages[locale].causes[cause];
        expect(text.title.length).toBeGreaterThan(0);
        expect(Object.keys(text.checks).sort()).toEqual([...triageChecks[cause]].sort());
      }
    }
  });

  it('lets the most specific code decide', () => {
    expect(
      causesFor([
        { code: '103511', operator: 'CMCC' },
        { code: '10105', operator: 'CMCC' },
      ]).map((c) => c.cause),
    ).toEqual(['ip-whitelist']);
    expect(
      causesFor([
        { code: '999999', operator: 'CMCC' },
        { code: '10105', operator: 'CMCC' },
      ]).map((c) => c.cause),
    ).toEqual(['token-invalid', 'signature', 'ip-whitelist', 'build-identity']);
    expect(causesFor([{ code: '999999', operator: null }])[0]!.cause).toBe('unknown');
  });
});
