import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authRecordsPageSchema } from '../../shared/platform/schemas';
import { capabilities, isBillable, maskPhone, operators } from '../../shared/platform/domain';
import { parseIsoInstant, shanghaiHour } from '../../shared/time/shanghai';
import { liveMemoryPeak } from '../../test/testing/live-memory';
import { FAILURE_KINDS, SERVER_CODES } from '../data/failure-codes';
import { operatorOfPhone, PHONE_SEGMENTS } from '../data/phone-segments';
import { allRecords, testPlatform, TEST_NOW } from '../testing/fixtures';
import { manualClock } from '../clock';

function feedHash(p: ReturnType<typeof testPlatform>, limit: number): string {
  const h = createHash('sha256');
  let after = 0;
  for (;;) {
    const page = p.feed.page(after, limit);
    h.update(page.body);
    if (!page.hasMore) return h.digest('hex');
    after = page.nextSeq;
  }
}

describe('generated history', () => {
  it('is the same byte for byte for the same seed and flags, and different for another seed', () => {
    const a = feedHash(testPlatform(), 777);
    const b = feedHash(testPlatform(), 777);
    const c = feedHash(testPlatform({ seed: 12 }), 777);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('derives any record from its seq: a record is the same whatever page it is served in', () => {
    const p = testPlatform();
    const whole = allRecords(p, 5000);
    const small = allRecords(p, 3);
    expect(small).toEqual(whole);
    const single = JSON.parse(p.feed.page(1233, 1).body.toString('utf8')).items[0];
    expect(single).toEqual(whole[1233]);
  });

  it('serves a prefetched page byte for byte as built on demand, and never a stale partial one', () => {
    const p = testPlatform();
    const fresh = testPlatform();
    p.feed.prefetch(100, 50);
    expect(p.feed.page(100, 50).body.equals(fresh.feed.page(100, 50).body)).toBe(true);
    const clock = manualClock(TEST_NOW);
    const live = testPlatform({ rate: 10, now: clock.now });
    const head = live.feed.head();
    live.feed.prefetch(head - 5, 50);
    clock.advance(1000);
    live.catchUp();
    const page = live.feed.page(head - 5, 50);
    expect(page.count).toBe(15);
    expect(page.hasMore).toBe(false);
  });

  it('pages with strictly increasing seq, no duplicates and no gaps, for any limit', () => {
    const p = testPlatform();
    const head = p.feed.head();
    for (const limit of [1, 7, 500, 5000]) {
      let after = 0;
      let expected = 1;
      for (;;) {
        const page = authRecordsPageSchema.parse(JSON.parse(p.feed.page(after, limit).body.toString('utf8')));
        expect(page.items.length).toBeLessThanOrEqual(limit);
        for (const r of page.items) expect(r.seq).toBe(expected++);
        expect(page.nextSeq).toBe(page.items.length ? page.items[page.items.length - 1]!.seq : after);
        expect(page.hasMore).toBe(page.nextSeq < head);
        if (!page.hasMore) break;
        after = page.nextSeq;
      }
      expect(expected - 1).toBe(head);
    }
    const beyond = JSON.parse(p.feed.page(head + 10, 100).body.toString('utf8'));
    expect(beyond).toEqual({ items: [], nextSeq: head + 10, hasMore: false });
  });

  it('has about --daily records a day, none later than the start instant', () => {
    const p = testPlatform({ daily: 800 });
    const records = allRecords(p);
    // 9 full days + half of today (12:00 of the diurnal curve is well under half the calls).
    expect(records.length).toBeGreaterThan(800 * 9 * 0.85);
    expect(records.length).toBeLessThan(800 * 10 * 1.1);
    for (const r of records) expect(parseIsoInstant(r.requestTime)).toBeLessThanOrEqual(TEST_NOW);
  });

  it('keeps a small share of late records: seq after newer records, requestTime days earlier', () => {
    const records = allRecords(testPlatform({ daily: 2000 }));
    let late = 0;
    let outOfOrder = 0;
    let maxSeen = -Infinity;
    for (const r of records) {
      const t = parseIsoInstant(r.requestTime);
      if (t < maxSeen - 86_400_000 / 2) late++;
      if (t < maxSeen) outOfOrder++;
      maxSeen = Math.max(maxSeen, t);
    }
    expect(late).toBeGreaterThan(0);
    expect(late / records.length).toBeLessThan(0.01);
    // Records in seq order mostly follow time.
    expect(outOfOrder / records.length).toBeLessThan(0.02);
  });

  it('draws three operators with realistic shares, success varying by operator and hour', () => {
    const records = allRecords(testPlatform({ daily: 4000 }));
    const share = (op: string) => records.filter((r) => r.operator === op).length / records.length;
    expect(share('CMCC')).toBeGreaterThan(0.5);
    expect(share('CMCC')).toBeLessThan(0.66);
    expect(share('CUCC')).toBeGreaterThan(0.14);
    expect(share('CTCC')).toBeGreaterThan(0.16);
    const rate = (f: (r: (typeof records)[number]) => boolean) => {
      const sel = records.filter((r) => r.capability === 'login' && f(r));
      return sel.filter((r) => r.success).length / sel.length;
    };
    expect(rate((r) => r.operator === 'CMCC')).toBeGreaterThan(rate((r) => r.operator === 'CUCC') + 0.01);
    const hour = (r: (typeof records)[number]) => shanghaiHour(parseIsoInstant(r.requestTime));
    expect(rate((r) => hour(r) >= 8 && hour(r) <= 11)).toBeGreaterThan(rate((r) => hour(r) >= 19 && hour(r) <= 22) + 0.01);
  });

  it('uses the seeds’ code tables, masked phones, and verify outcomes consistently', () => {
    const records = allRecords(testPlatform({ daily: 3000 }));
    const carrierRows = new Set<string>();
    for (const k of FAILURE_KINDS)
      for (const op of operators)
        for (const cap of capabilities) for (const [c] of k.carriers(op, cap)) if (c) carrierRows.add(`${op}|${c.code}|${c.description}`);
    const outcomes = new Set<string | null>();
    const serverCodes = new Set<string>();
    let carrierCodes = 0;
    for (const r of records) {
      expect(SERVER_CODES[r.resultCode]).toBeDefined();
      serverCodes.add(r.resultCode);
      expect(r.success).toBe(r.resultCode === '200');
      if (r.capability === 'login') expect(r.outcome).toBeNull();
      else expect(r.outcome).toEqual(r.success ? expect.stringMatching(/^(match|mismatch)$/) : 'unknown');
      outcomes.add(r.outcome);
      if (!r.success && r.carrierCode === null) expect(r.description).toBe(SERVER_CODES[r.resultCode]!.description);
      if (r.carrierCode !== null) {
        carrierCodes++;
        expect(carrierRows.has(`${r.operator}|${r.carrierCode}|${r.description}`)).toBe(true);
      }
      if (r.maskedPhone !== null) {
        expect(r.maskedPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
        expect(PHONE_SEGMENTS[r.operator]).toContain(r.maskedPhone.slice(0, 3));
        expect(operatorOfPhone(`${r.maskedPhone.slice(0, 3)}00000000`)).toBe(r.operator);
      }
      if (r.capability === 'verify') expect(r.maskedPhone).not.toBeNull();
      if (r.capability === 'login') expect(r.maskedPhone === null).toBe(!r.success);
      expect(isBillable(r.capability, r.success, r.outcome)).toBe(r.success);
    }
    expect(outcomes).toEqual(new Set([null, 'match', 'mismatch', 'unknown']));
    expect(serverCodes.has('10500')).toBe(true);
    expect(serverCodes.has('10105')).toBe(true);
    expect(carrierCodes).toBeGreaterThan(0);
    expect(maskPhone('13800001234')).toBe('138****1234');
  });

  it('seeds apps in every status, with traffic only from approved (and since deleted) apps', () => {
    const p = testPlatform({ apps: 6 });
    const statuses = new Set(p.store.all().map((a) => a.status));
    expect(statuses).toEqual(new Set(['pending', 'reviewing', 'approved', 'rejected', 'deleted']));
    const withTraffic = new Set(allRecords(p).map((r) => r.id));
    for (const id of withTraffic) expect(['approved', 'deleted']).toContain(p.store.get(id)!.status);
    expect(withTraffic.size).toBe(6);
  });

  it('derives records on demand: ten million records cost no memory per record', async () => {
    // Live memory (collected before each reading): what the platform keeps, not garbage left from building it.
    const { result: p, grown } = await liveMemoryPeak('both', () => testPlatform({ days: 5, daily: 2_000_000 }));
    expect(p.feed.head()).toBeGreaterThan(8_000_000);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    const tail = authRecordsPageSchema.parse(JSON.parse(p.feed.page(p.feed.head() - 3, 10).body.toString('utf8')));
    expect(tail.items.map((r) => r.seq)).toEqual([p.feed.head() - 2, p.feed.head() - 1, p.feed.head()]);
  });
});
