/**
 * Splits an amount (mills) across parts pro rata by weight, so that the parts sum exactly to
 * the total: largest-remainder method, ties broken by larger weight then input order, so the
 * result is deterministic.
 */
export interface AllocationPart<K extends string = string> {
  key: K;
  weight: number;
  amountMills: number;
}

export function allocate<K extends string>(totalMills: number, weights: readonly { key: K; weight: number }[], unitMills = 10): AllocationPart<K>[] {
  if (!Number.isSafeInteger(totalMills) || totalMills < 0) throw new RangeError('total must be a non-negative integer');
  if (!Number.isSafeInteger(unitMills) || unitMills <= 0) throw new RangeError('unit must be a positive integer');
  if (totalMills % unitMills !== 0) throw new RangeError(`total ${totalMills} is not a multiple of the unit ${unitMills}`);
  for (const w of weights) if (!Number.isSafeInteger(w.weight) || w.weight < 0) throw new RangeError(`weight of ${w.key} must be a non-negative integer`);
  const sumW = weights.reduce((s, w) => s + w.weight, 0);
  if (sumW === 0) {
    // Nothing to weigh by: only a zero total can be split so that the parts still sum to it.
    if (totalMills !== 0) throw new RangeError('cannot allocate a non-zero total over zero weights');
    return weights.map((w) => ({ key: w.key, weight: w.weight, amountMills: 0 }));
  }
  const units = totalMills / unitMills;
  // Integer arithmetic via BigInt: units × weight can exceed 2^53 for large months.
  const parts = weights.map((w, i) => {
    const num = BigInt(units) * BigInt(w.weight);
    const q = num / BigInt(sumW);
    const r = num % BigInt(sumW);
    return { i, key: w.key, weight: w.weight, units: Number(q), rem: r };
  });
  let left = units - parts.reduce((s, p) => s + p.units, 0);
  const byRemainder = [...parts].sort((a, b) => (a.rem === b.rem ? b.weight - a.weight || a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const p of byRemainder) {
    if (left === 0) break;
    p.units += 1;
    left -= 1;
  }
  return parts.map((p) => ({ key: p.key, weight: p.weight, amountMills: p.units * unitMills }));
}
