import { describe, expect, it } from 'vitest';
import { MsgIdGuard } from './msgid-guard';

describe('MsgIdGuard', () => {
  it('refuses a msgid seen for the same AppId within the window, and forgets it after', () => {
    const g = new MsgIdGuard(1000);
    expect(g.seen('a', 'm1', 0)).toBe(false);
    expect(g.seen('a', 'm1', 999)).toBe(true);
    expect(g.seen('b', 'm1', 999)).toBe(false);
    expect(g.seen('a', 'm1', 1000)).toBe(false);
  });
  it('stays bounded under a stream of fresh msgids', () => {
    const g = new MsgIdGuard(10);
    for (let i = 0; i < 50_000; i++) expect(g.seen('a', `m${i}`, i)).toBe(false);
    expect((g as unknown as { at: Map<string, number> }).at.size).toBeLessThanOrEqual(11);
  });
});
