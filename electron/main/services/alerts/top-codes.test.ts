/**
 * traffic-rules.ts's topCodesOf ranks a spike's failure codes with plain loops (it runs for every
 * spike that opens an episode): checked against the ranking written the obvious way (codes summed
 * in a Map, excess over the baseline's share, a stable sort, the first few) on random windows.
 */
import { expect, it } from 'vitest';
import type { TopCode } from '../../../../shared/contract/alerts';
import type { Operator } from '../../../../shared/platform/domain';
import type { CodeRow } from './rollup-query';
import { topCodesOf } from './traffic-rules';

function reference(
  window: readonly CodeRow[],
  baseline: readonly CodeRow[],
  windowCalls: number,
  baselineCalls: number,
  limit: number,
): Omit<TopCode, 'meaning'>[] {
  const byCode = new Map<string, { resultCode: string; carrierCode: string; now: number; base: number }>();
  const add = (rows: readonly CodeRow[], field: 'now' | 'base') => {
    for (const f of rows) {
      const k = `${f.resultCode}/${f.carrierCode}`;
      const e = byCode.get(k) ?? { resultCode: f.resultCode, carrierCode: f.carrierCode, now: 0, base: 0 };
      e[field] += f.failures;
      byCode.set(k, e);
    }
  };
  add(window, 'now');
  add(baseline, 'base');
  return [...byCode.values()]
    .filter((e) => e.now > 0)
    .map((e) => ({ e, excess: e.now - (baselineCalls > 0 ? (e.base / baselineCalls) * windowCalls : 0) }))
    .sort((a, b) => b.excess - a.excess || b.e.now - a.e.now)
    .slice(0, limit)
    .map(({ e }) => ({ code: e.resultCode, carrierCode: e.carrierCode || null, failures: e.now }));
}

/** A small deterministic generator (the same cases on every run). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

it('ranks the codes as summing them in a Map and a stable sort would, ties and repeated codes included', () => {
  const next = rng(18);
  const int = (n: number) => Math.floor(next() * n);
  // Few codes and small counts, so that ties in excess and in failures come up often.
  const codes = ['10104', '10105', '10202', '10500', '10301'];
  const carriers = ['', '', 'C1', '2'];
  const row = (failures: number): CodeRow => ({
    id: 'app_1',
    operator: 'CMCC' as Operator,
    capability: 'login',
    resultCode: codes[int(codes.length)]!,
    carrierCode: carriers[int(carriers.length)]!,
    failures,
  });
  let ties = 0;
  for (let c = 0; c < 2000; c++) {
    const window = Array.from({ length: int(9) }, () => row(int(4)));
    const baseline = Array.from({ length: int(9) }, () => row(int(30)));
    const windowCalls = 50 + int(3) * 50;
    const baselineCalls = [0, 500, 1000][int(3)]!;
    const limit = 1 + int(4);
    const want = reference(window, baseline, windowCalls, baselineCalls, limit);
    const got = topCodesOf(window, baseline, windowCalls, baselineCalls, 'CMCC', limit).map(({ code, carrierCode, failures }) => ({
      code,
      carrierCode,
      failures,
    }));
    expect(got).toEqual(want);
    // The window's counts given apart (as a finding keeps them) rank as the rows carrying them would.
    const counts = window.map(() => int(5));
    const patched = window.map((r, i) => ({ ...r, failures: counts[i]! }));
    expect(topCodesOf(window, baseline, windowCalls, baselineCalls, 'CMCC', limit, counts)).toEqual(
      topCodesOf(patched, baseline, windowCalls, baselineCalls, 'CMCC', limit),
    );
    if (new Set(want.map((x) => x.failures)).size < want.length) ties++;
  }
  // The cases did exercise ties (the stable order), not only distinct counts.
  expect(ties).toBeGreaterThan(100);
});

it('gives each ranked code its catalogue meaning for the operator', () => {
  const rows: CodeRow[] = [{ id: 'a', operator: 'CMCC', capability: 'login', resultCode: '10104', carrierCode: '', failures: 3 }];
  const [top] = topCodesOf(rows, [], 100, 0, 'CMCC');
  expect(top).toMatchObject({ code: '10104', carrierCode: null, failures: 3 });
  expect(typeof top!.meaning).toBe('string');
});
