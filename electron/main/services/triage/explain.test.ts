import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract/errors';
import type { TriageExplanation } from '../../../../shared/contract/toolkit';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { HOUR, SCENARIO_NOW, SURGE_START, scenarioApp, surgeRecords, writeActivities, writeApps, writeRecords, type ScenarioRecord } from './testing/scenario';

let t: TestContext;
beforeEach(() => {
  t = createTestContext({ now: SCENARIO_NOW });
});
afterEach(() => t.cleanup());

const explain = async (input: Record<string, unknown>) => (await dispatch(handlers, t.ctx, 'triage.explain', input)) as TriageExplanation;

/** Failures per hour of `code`, counted straight from the records written (the independent side). */
function countByHour(records: readonly ScenarioRecord[], code: string, from: number, to: number, app = 'app-shop'): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of records) {
    if (r.resultCode === '200' || (r.app ?? 'app-shop') !== app || r.at < from || r.at >= to) continue;
    if (r.resultCode !== code && r.carrierCode !== code) continue;
    const h = Math.floor(r.at / HOUR) * HOUR;
    m.set(h, (m.get(h) ?? 0) + 1);
  }
  return m;
}

describe('triage.explain: a whitelist edit an hour before a 103511 surge', () => {
  let records: ScenarioRecord[];
  beforeEach(() => {
    const v1 = scenarioApp();
    const editAt = SURGE_START - HOUR + 17 * 60_000;
    // The admin replaced the server range by a single address; the servers kept calling from the range.
    const v2 = scenarioApp({ version: 2, ipWhitelist: ['203.0.113.10'], updatedAt: toShanghaiIso(editAt) });
    // An older, unrelated edit (the description) two days before.
    const v0edit = scenarioApp({ version: 2, description: 'x', updatedAt: toShanghaiIso(SURGE_START - 50 * HOUR) });
    writeApps(t.workspace.db, [v1, { ...v0edit }, { ...v2, version: 3, description: 'x' }]);
    writeActivities(t.workspace.db, [
      { seq: 1, at: toShanghaiIso(editAt), kind: 'app.modified', appId: v1.appId, id: v1.id, name: v1.name, detail: `修改应用「${v1.name}」：IP 白名单` },
    ]);
    records = surgeRecords({ resultCode: '10105', carrierCode: '103511' }, 40, 6);
    writeRecords(t.workspace.db, records);
  });

  it('names the whitelist, shows it, finds the surge start and the edit before it', async () => {
    const r = await explain({ code: '103511', app: '300011112222' });
    expect(r.causes.map((c) => c.cause)).toEqual(['ip-whitelist']);
    expect(r.causes[0]!.checks).toContain('callerIp');
    expect(r.causes[0]!.sources.join()).toMatch(/seed 00[23]/);
    expect(r.app?.ipWhitelist).toEqual(['203.0.113.10']);
    // The hourly series is the records' own count, hour by hour.
    const expected = countByHour(records, '103511', r.window.from, r.window.to);
    for (const h of r.hourly) expect([h.at, h.failures]).toEqual([h.at, expected.get(h.at) ?? 0]);
    expect(r.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect(r.surge?.start).toBe(SURGE_START);
    expect(r.surge?.end).toBe(SURGE_START + 6 * HOUR);
    const first = r.changes[0]!;
    expect(first.related).toBe(true);
    expect(first.fields.map((f) => f.field)).toEqual(['ipWhitelist']);
    expect(first.fields[0]!.before).toEqual(['203.0.113.10', '198.51.100.0/24']);
    expect(first.hoursBefore).toBeCloseTo(43 / 60, 5);
    // The activity of the same edit is folded into it, not listed twice.
    expect(first.detail).toContain('IP 白名单');
    expect(r.changes.filter((c) => c.source === 'activity')).toEqual([]);
    // The description edit is in the window but not a suspect.
    expect(r.changes.find((c) => c.fields.some((f) => f.field === 'description'))?.related).toBe(false);
  });

  it('from the failed record: its carrier code decides, the app comes from the record', async () => {
    const seq = records.findIndex((x) => x.carrierCode === '103511' && x.at >= SURGE_START + HOUR) + 1;
    const r = await explain({ seq });
    expect(r.record?.carrierCode).toBe('103511');
    expect(r.codes.map((c) => c.code)).toEqual(['103511', '10105']);
    expect(r.codes[0]!.entry?.code).toBe('103511');
    // 10105 alone would also suggest signature and token problems; 103511 narrows it.
    expect(r.causes.map((c) => c.cause)).toEqual(['ip-whitelist']);
    expect(r.app?.id).toBe('app-shop');
    expect(r.surge?.start).toBe(SURGE_START);
    expect(r.changes[0]?.fields[0]?.field).toBe('ipWhitelist');
  });

  it('without an app: the apps with the most failures, and their changes', async () => {
    const r = await explain({ code: '103511' });
    expect(r.app).toBeNull();
    expect(r.topApps[0]).toMatchObject({ id: 'app-shop', name: '商城 Shop' });
    expect(r.changes[0]?.related).toBe(true);
  });

  it('a window before the surge shows none', async () => {
    const r = await explain({ code: '103511', app: 'app-shop', to: toShanghaiIso(SURGE_START - 2 * HOUR), days: 3 });
    expect(r.surge).toBeNull();
  });

  it('refuses a successful record and an unknown one, and needs a code or a record', async () => {
    const ok = records.findIndex((x) => x.resultCode === '200') + 1;
    await expect(explain({ seq: ok })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(explain({ seq: 999999 })).rejects.toBeInstanceOf(ApiError);
    await expect(explain({})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(explain({ code: '103511', app: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('triage.explain: causes from the seeds', () => {
  beforeEach(() => writeApps(t.workspace.db, [scenarioApp()]));

  it('103101: the appKey and the sign string', async () => {
    const r = await explain({ code: '103101' });
    expect(r.causes.map((c) => c.cause)).toEqual(['signature']);
    expect(r.causes[0]!.checks).toEqual(expect.arrayContaining(['appKey', 'signString', 'upperHex', 'debugger']));
  });

  it('105018 and 105019: the capability', async () => {
    for (const code of ['105018', '105019']) expect((await explain({ code })).causes.map((c) => c.cause)).toEqual(['capability']);
  });

  it('a carrier meaning depends on the operator: CUCC 103 is the IP whitelist', async () => {
    expect((await explain({ code: '103', operator: 'CUCC' })).causes.map((c) => c.cause)).toEqual(['ip-whitelist']);
    expect((await explain({ code: '103', operator: 'CTCC' })).causes.map((c) => c.cause)).toEqual(['unknown']);
  });

  it('a capability edit before a 105019 surge is the suspect', async () => {
    writeApps(t.workspace.db, [scenarioApp({ version: 2, capabilities: ['verify'], updatedAt: toShanghaiIso(SURGE_START - 2 * HOUR) })]);
    writeRecords(t.workspace.db, surgeRecords({ resultCode: '105019' }, 25, 10));
    const r = await explain({ code: '105019', app: 'app-shop' });
    expect(r.surge?.start).toBe(SURGE_START);
    expect(r.changes[0]).toMatchObject({ related: true, hoursBefore: 2, fields: [{ field: 'capabilities', before: ['login', 'verify'], after: ['verify'] }] });
    expect(r.app?.capabilities).toEqual(['verify']);
  });
});
