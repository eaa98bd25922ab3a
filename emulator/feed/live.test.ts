import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authRecordsPageSchema, usageStatementSchema, type PlatformAuthRecord } from '../../shared/platform/schemas';
import { parseIsoInstant, shanghaiMonth } from '../../shared/time/shanghai';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock, TEST_NOW } from '../testing/fixtures';

const clock = testClock();
let emu: StartedEmulator;
let auditor: SignedClient;

async function since(afterSeq: number): Promise<PlatformAuthRecord[]> {
  const out: PlatformAuthRecord[] = [];
  let after = afterSeq;
  for (;;) {
    const page = authRecordsPageSchema.parse((await auditor.get('/v1/auth-records', { afterSeq: after, limit: 5000 })).json);
    out.push(...page.items);
    after = page.nextSeq;
    if (!page.hasMore) return out;
  }
}

beforeAll(async () => {
  emu = await startEmulator({ seed: 31, days: 2, daily: 100, rate: 40, now: clock.now });
  auditor = new SignedClient(emu.url, emu.key('auditor'), clock.now);
});
afterAll(() => emu.close());

describe('--rate live traffic', () => {
  it('appends exactly rate × elapsed records, after the history, in time order', async () => {
    const history = emu.history.records;
    expect(emu.head()).toBe(history);
    clock.advance(2_500);
    expect(emu.head()).toBe(history + 100);
    const live = await since(history);
    expect(live.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => history + 1 + i));
    let last = TEST_NOW;
    for (const r of live) {
      const t = parseIsoInstant(r.requestTime);
      expect(t).toBeGreaterThanOrEqual(last);
      expect(t).toBeLessThanOrEqual(clock.now());
      last = t;
    }
    // Live records are derived like history ones: reading them twice gives the same bytes.
    expect(await since(history)).toEqual(live);
  });

  it('includes live records in the usage statement', async () => {
    const finance = new SignedClient(emu.url, emu.key('finance'), clock.now);
    const month = shanghaiMonth(clock.now());
    const st = usageStatementSchema.parse((await finance.get('/v1/usage/daily', { month })).json);
    const all = await since(0);
    expect(st.items.reduce((s, l) => s + l.calls, 0)).toBe(all.filter((r) => r.requestTime.startsWith(month)).length);
  });

  it('stops live traffic of an app once it is deleted', async () => {
    const admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
    const before = emu.head();
    const victim = (await since(before - 50)).at(-1)!.id;
    expect((await admin.request('DELETE', `/v1/apps/${victim}`)).status).toBe(200);
    clock.advance(5_000);
    const after = await since(before);
    expect(after.length).toBe(200);
    expect(after.filter((r) => r.id === victim)).toEqual([]);
  });
});
