import { describe, expect, it } from 'vitest';
import { isOverdue, reviewDeadline, workingMsBetween } from './working-day';

const H = 3_600_000;
const at = (s: string): number => Date.parse(s);

describe('working days (Mon–Fri, Asia/Shanghai)', () => {
  it('counts only weekday time', () => {
    // 2026-11-13 is a Friday.
    expect(workingMsBetween(at('2026-11-13T15:00:00+08:00'), at('2026-11-13T18:00:00+08:00'))).toBe(3 * H);
    expect(workingMsBetween(at('2026-11-13T15:00:00+08:00'), at('2026-11-16T15:00:00+08:00'))).toBe(24 * H);
    expect(workingMsBetween(at('2026-11-14T10:00:00+08:00'), at('2026-11-15T22:00:00+08:00'))).toBe(0);
    // Three weeks and a bit: the whole-week shortcut and the day loop agree.
    expect(workingMsBetween(at('2026-11-02T00:00:00+08:00'), at('2026-11-23T12:00:00+08:00'))).toBe(15 * 24 * H + 12 * H);
    let brute = 0;
    const from = at('2026-10-29T07:30:00+08:00');
    const to = at('2026-12-09T19:45:00+08:00');
    for (let t = from; t < to; t += 15 * 60_000) {
      const dow = new Date(t + 8 * H).getUTCDay();
      if (dow >= 1 && dow <= 5) brute += 15 * 60_000;
    }
    expect(workingMsBetween(from, to)).toBe(brute);
  });
  it('uses Shanghai days, not UTC days', () => {
    // Saturday 00:30 in Shanghai is still Friday in UTC: no working time.
    expect(workingMsBetween(at('2026-11-14T00:30:00+08:00'), at('2026-11-14T07:30:00+08:00'))).toBe(0);
  });
  it('flags apps pending longer than one working day', () => {
    const fri = at('2026-11-13T15:00:00+08:00');
    expect(isOverdue(fri, at('2026-11-16T14:59:00+08:00'))).toBe(false);
    expect(isOverdue(fri, at('2026-11-16T15:01:00+08:00'))).toBe(true);
    expect(reviewDeadline(fri)).toBe(at('2026-11-16T15:00:00+08:00'));
    expect(reviewDeadline(at('2026-11-14T09:00:00+08:00'))).toBe(at('2026-11-17T00:00:00+08:00'));
  });
});
