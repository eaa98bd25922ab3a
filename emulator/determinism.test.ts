import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions } from './index';
import { SignedClient } from './testing/signed-client';
import { testClock } from './testing/fixtures';

/** Hash of everything a run serves: the whole feed, apps, activities, statements, bills, packages. */
async function runHash(opts: EmulatorOptions): Promise<{ feed: string; rest: string }> {
  const clock = testClock();
  const emu = await startEmulator({ ...opts, now: clock.now });
  try {
    const admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
    const feed = createHash('sha256');
    let after = 0;
    for (;;) {
      const r = await admin.get<{ nextSeq: number; hasMore: boolean }>('/v1/auth-records', { afterSeq: after, limit: 1000 });
      feed.update(r.raw);
      if (!r.json.hasMore) break;
      after = r.json.nextSeq;
    }
    const rest = createHash('sha256');
    for (const [path, query] of [
      ['/v1/apps', { limit: 1000 }],
      ['/v1/activities', { limit: 1000 }],
      ['/v1/usage/daily', { month: '2026-02' }],
      ['/v1/usage/daily', { month: '2026-03' }],
      ['/v1/bills', { month: '2026-02' }],
      ['/v1/bills', { month: '2026-03' }],
      ['/v1/packages', {}],
      ['/v1/pricing', {}],
    ] as const) {
      rest.update((await admin.get(path, query)).raw);
    }
    return { feed: feed.digest('hex'), rest: rest.digest('hex') };
  } finally {
    await emu.close();
  }
}

describe('determinism', () => {
  it('serves the same feed, apps, statements and bills byte for byte on every run', async () => {
    const opts = { seed: 42, days: 20, daily: 300, apps: 5, drift: 3 };
    const a = await runHash(opts);
    const b = await runHash(opts);
    expect(b).toEqual(a);
    const c = await runHash({ ...opts, seed: 43 });
    expect(c.feed).not.toBe(a.feed);
    expect(c.rest).not.toBe(a.rest);
  });
});
