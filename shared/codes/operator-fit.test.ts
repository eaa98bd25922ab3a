import { describe, expect, it } from 'vitest';
import { allCodes } from './catalog';
import { findCodes, recordLookupOptions } from './lookup';
import { decodingOperator, fitsOperator } from './operator-fit';
import { operators } from '../platform/domain';

describe('fitsOperator', () => {
  it('keeps neutral entries and the operator’s own, and everything when no operator is asked for', () => {
    expect(fitsOperator({ operator: null }, 'CMCC')).toBe(true);
    expect(fitsOperator({ operator: 'CMCC' }, 'CMCC')).toBe(true);
    expect(fitsOperator({ operator: 'CUCC' }, 'CMCC')).toBe(false);
    expect(fitsOperator({ operator: 'CUCC' }, null)).toBe(true);
  });

  it('agrees with the decoding of every catalogue code the way a record reads it', () => {
    // Independent of findCodes' own filter: every exact entry of the catalogue, checked by hand.
    for (const field of ['resultCode', 'carrierCode'] as const)
      for (const op of operators) {
        const narrowing = decodingOperator(field, op);
        for (const code of new Set(allCodes.map((e) => e.code))) {
          const expected = allCodes.filter((e) => e.code === code && (narrowing === null || e.operator === null || e.operator === narrowing));
          const found = findCodes(code, recordLookupOptions(field, op));
          expect(new Set(found)).toEqual(new Set(expected));
          expect(found.every((e) => fitsOperator(e, narrowing))).toBe(true);
        }
      }
  });
});

describe('decodingOperator', () => {
  it('narrows carrier codes by their operator and leaves result codes to every operator', () => {
    expect(decodingOperator('carrierCode', 'CTCC')).toBe('CTCC');
    expect(decodingOperator('carrierCode', undefined)).toBeNull();
    expect(decodingOperator('resultCode', 'CTCC')).toBeNull();
  });
});
