/**
 * The records page cache (`pageCacheMb`): a page served from it is byte for byte the page a
 * platform without the cache writes for the same request, also after the feed has grown (live
 * traffic, a gateway call), and a page at the head, which grows with the feed, is never kept.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/platform/signing';
import { startEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock, testPlatform } from '../testing/fixtures';
import type { EmulatedPlatform } from '../platform';

const SECOND = 1000;
const base = { seed: 23, days: 3, daily: 2000, rate: 5 } as const;

/** Each page of a pass over the feed from the start, in pages of `limit`, as the bytes served. */
function pass(p: EmulatedPlatform, limit: number, prefetch: boolean): Buffer[] {
  const bodies: Buffer[] = [];
  for (let after = 0; ;) {
    const page = p.feed.page(after, limit);
    bodies.push(Buffer.from(page.body));
    if (prefetch && page.hasMore) p.feed.prefetch(page.nextSeq, limit);
    if (!page.hasMore) return bodies;
    after = page.nextSeq;
  }
}

describe('records page cache', () => {
  it('serves every page as the platform without it writes it, before and after the feed grows', () => {
    const clock = testClock();
    const cached = testPlatform({ ...base, now: clock.now, pageCacheMb: 64 });
    const plain = testPlatform({ ...base, now: clock.now });
    for (const limit of [700, 1000]) {
      for (let round = 0; round < 3; round++) {
        cached.catchUp();
        plain.catchUp();
        const a = pass(cached, limit, round !== 1);
        const b = pass(plain, limit, false);
        expect(a.length).toBe(b.length);
        a.forEach((body, i) => expect(body.equals(b[i]!), `limit ${limit}, round ${round}, page ${i}`).toBe(true));
        // The head grows between rounds: its page must be written again, not served as it was.
        clock.advance(90 * SECOND);
      }
    }
    expect(cached.feed.head()).toBeGreaterThan(base.days * 1000);
  });

  it('keeps no more than its budget and serves right when pages fall out of it', () => {
    const clock = testClock();
    // About 400 bytes a record: 0 MB keeps nothing; 1 MB keeps a few 1,000-record pages of the ~6,000 records.
    for (const pageCacheMb of [0, 1]) {
      const cached = testPlatform({ ...base, now: clock.now, pageCacheMb });
      const plain = testPlatform({ ...base, now: clock.now });
      for (let round = 0; round < 2; round++) {
        const a = pass(cached, 1000, true);
        const b = pass(plain, 1000, false);
        expect(a.map((x) => x.toString('base64'))).toEqual(b.map((x) => x.toString('base64')));
      }
      const kept = (cached.feed as unknown as { keptBytes: number }).keptBytes;
      expect(kept).toBeLessThanOrEqual(pageCacheMb * 1024 * 1024);
      if (pageCacheMb > 0) expect(kept).toBeGreaterThan(0);
    }
  });

  it('signs a kept page served again over its exact bytes (its hash kept with it), for each request’s nonce', async () => {
    const clock = testClock();
    const emu = await startEmulator({ ...base, rate: 0, now: clock.now, pageCacheMb: 16 });
    try {
      const client = new SignedClient(emu.url, emu.key('auditor'), clock.now);
      const served: Buffer[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await client.get('/v1/auth-records', { afterSeq: 1000, limit: 500 });
        expect(r.status).toBe(200);
        expect(r.signatureValid, `request ${i}`).toBe(true);
        served.push(r.raw);
      }
      // The page a platform without the cache writes for that request, and the hash the signatures covered.
      const plain = testPlatform({ ...base, rate: 0, now: clock.now }).feed.page(1000, 500).body;
      for (const body of served) expect(sha256Hex(body)).toBe(sha256Hex(plain));
    } finally {
      await emu.close();
    }
  });
});
