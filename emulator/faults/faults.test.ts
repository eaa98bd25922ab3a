import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSchema } from '../../shared/platform/schemas';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock } from '../testing/fixtures';
import { FaultSpecError, formatFaultSpec, parseFaultSpec } from './spec';

describe('fault specification', () => {
  it('parses the documented syntax', () => {
    const s = parseFaultSpec('500:0.05,timeout:0.02,truncate:0.01,dup-page:0.02,slow:0.05');
    expect(s.probabilities).toEqual({ '500': 0.05, timeout: 0.02, truncate: 0.01, 'dup-page': 0.02, slow: 0.05 });
    expect(parseFaultSpec('slow:0.5@2500, timeout:.1@100')).toMatchObject({ slowMs: 2500, hangMs: 100 });
    expect(parseFaultSpec('').probabilities).toEqual({});
    expect(formatFaultSpec(parseFaultSpec('500:0.5,slow:0.1@20'))).toBe('500:0.5,slow:0.1@20');
  });

  for (const bad of ['500', '500:x', '404:0.1', '500:1.5', '500:0.6,slow:0.6', '500:0.1,500:0.1', 'truncate:0.1@5', 'slow:0.1@9999999', ',']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(() => parseFaultSpec(bad)).toThrow(FaultSpecError));
  }
});

describe('injected faults (authenticated GETs of the management API)', () => {
  const clock = testClock();
  let emu: StartedEmulator;
  let admin: SignedClient;

  beforeAll(async () => {
    emu = await startEmulator({ seed: 17, days: 2, daily: 300, now: clock.now });
    admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
  });
  afterAll(() => emu.close());

  it('500: a signed INTERNAL_ERROR; writes are never faulted', async () => {
    emu.setFaults('500:1');
    const r = await admin.get('/v1/auth-records', { afterSeq: 0, limit: 10 });
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(r.signatureValid).toBe(true);
    const created = await admin.request('POST', '/v1/apps', {
      body: { name: 'Fault-free', platform: 'ios', bundleId: 'com.example.ff', ipWhitelist: ['203.0.113.7'], encryption: 'MD5' },
    });
    expect(created.status).toBe(201);
    appSchema.parse(created.json);
    emu.setFaults('');
    expect((await admin.get('/v1/whoami')).status).toBe(200);
  });

  it('truncate: a 200 whose JSON body is cut short (signed as sent)', async () => {
    emu.setFaults('');
    const full = await admin.get('/v1/auth-records', { afterSeq: 0, limit: 50 });
    emu.setFaults('truncate:1');
    const cut = await admin.get('/v1/auth-records', { afterSeq: 0, limit: 50 });
    expect(cut.status).toBe(200);
    expect(cut.json).toBeUndefined();
    expect(cut.raw.length).toBeLessThan(full.raw.length);
    expect(full.raw.subarray(0, cut.raw.length).equals(cut.raw)).toBe(true);
    expect(Number(cut.headers.get('content-length'))).toBe(cut.raw.length);
    expect(cut.signatureValid).toBe(true);
    emu.setFaults('');
  });

  it('dup-page: the previous page is served again for the next cursor', async () => {
    emu.setFaults('');
    const auditor = new SignedClient(emu.url, emu.key('auditor'), clock.now);
    const first = await auditor.get<{ items: { seq: number }[]; nextSeq: number }>('/v1/auth-records', { afterSeq: 0, limit: 20 });
    emu.setFaults('dup-page:1');
    const second = await auditor.get<{ items: { seq: number }[]; nextSeq: number }>('/v1/auth-records', { afterSeq: first.json.nextSeq, limit: 20 });
    expect(second.status).toBe(200);
    expect(second.signatureValid).toBe(true);
    expect(second.json).toEqual(first.json);
    emu.setFaults('');
    const third = await auditor.get<{ items: { seq: number }[] }>('/v1/auth-records', { afterSeq: first.json.nextSeq, limit: 20 });
    expect(third.json.items[0]!.seq).toBe(first.json.nextSeq + 1);
  });

  it('slow: the answer comes, but late', async () => {
    // fetch has no timeout of its own: race it against a short abort to see it is held back.
    emu.setFaults('slow:1@60000');
    const aborted = await admin.request('GET', '/v1/whoami', { signal: AbortSignal.timeout(300) }).then(
      () => 'answered',
      () => 'aborted',
    );
    expect(aborted).toBe('aborted');
    emu.setFaults('slow:1@20');
    const r = await admin.get('/v1/whoami');
    expect(r.status).toBe(200);
    expect(r.signatureValid).toBe(true);
    emu.setFaults('');
  });

  it('timeout: the response never comes; the server carries on', async () => {
    emu.setFaults('timeout:1');
    const outcome = await admin.request('GET', '/v1/pricing', { signal: AbortSignal.timeout(300) }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(outcome).toMatch(/TimeoutError|AbortError/);
    emu.setFaults('');
    expect((await admin.get('/v1/pricing')).status).toBe(200);
  });

  it('draws the same faults for the same seed and request sequence', async () => {
    const statuses = async () => {
      const c = testClock();
      const e = await startEmulator({ seed: 17, days: 1, daily: 10, faults: '500:0.3,truncate:0.3', now: c.now });
      const client = new SignedClient(e.url, e.key('finance'), c.now);
      const out: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await client.get('/v1/pricing');
        out.push(`${r.status}:${r.json === undefined ? 'cut' : 'ok'}`);
      }
      await e.close();
      return out;
    };
    const a = await statuses();
    expect(await statuses()).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });
});
