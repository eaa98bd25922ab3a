/**
 * The traffic rules on the emulator's traffic: quiet over 30 days of normal traffic, firing on
 * the scenario knobs (an incident, a volume drop), and one episode per incident across resyncs
 * and late records. Expected cells are computed independently from the raw records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules } from '../../../../shared/contract/alerts';
import { addDays, shanghaiDate, toShanghaiIso } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import type { AppRow } from '../records/app-directory';
import { openTestWorkspaceDb } from '../testing/context';
import { rollupsRepo } from '../store/rollups-repo';
import { authRecordsWriter } from '../store/auth-records-repo';
import { episodesRepo } from './episodes-repo';
import { reconcile } from './episodes';
import { evaluateRules } from './evaluate';
import { defaultRuleConfig } from './rules-repo';
import { RollupCache, rollupSource } from './rollup-query';
import { codeSurge, failureSpike, ruleWindow, successBelow, volumeDrop } from './traffic-rules';
import { ingestEmulatedHistory } from './testing/emulated-traffic';

const HOUR = 3_600_000;
const at = (s: string) => Date.parse(s);
const trafficOnly = alertRules.map((r) => ({ ...defaultRuleConfig(r), enabled: ['failureSpike', 'successBelow', 'volumeDrop', 'codeSurge'].includes(r) }));

describe('30 emulated days of normal traffic', () => {
  const NOW = at('2026-11-20T11:50:00+08:00');
  let db: Db;
  beforeAll(() => {
    db = openTestWorkspaceDb();
    ingestEmulatedHistory(db, { seed: 3, days: 30, daily: 20_000, apps: 2, now: () => NOW });
  }, 60_000);

  it('raises no spike, success, volume or code alert at any hour once a baseline exists', () => {
    const source = rollupSource(db);
    const cfg = (r: (typeof alertRules)[number]) => defaultRuleConfig(r);
    let evaluations = 0;
    let armed = 0;
    const found: string[] = [];
    // Every hour from day 8 (seven days of baseline) to now, at :50 and :10 of the hour.
    for (let t = at(`${addDays(shanghaiDate(NOW), -22)}T00:10:00+08:00`); t <= NOW; t += HOUR / 3) {
      const input = { now: t, apps: [] };
      for (const f of [
        ...failureSpike(cfg('failureSpike'), input, source),
        ...successBelow(cfg('successBelow'), input, source),
        ...volumeDrop(cfg('volumeDrop'), input, source, t),
        ...codeSurge(cfg('codeSurge'), input, source),
      ])
        found.push(`${toShanghaiIso(t)} ${f.detail}`);
      // The spike rule is armed (some cell clears the minimum calls and failures) at busy hours: quiet is not for want of data.
      const cells = new Map<string, { calls: number; failures: number }>();
      const w = ruleWindow(t, 30);
      for (const r of source.span(w.from, w.to)) {
        const c = cells.get(`${r.id}/${r.operator}/${r.capability}`) ?? { calls: 0, failures: 0 };
        c.calls += r.calls;
        c.failures += r.calls - r.successes;
        cells.set(`${r.id}/${r.operator}/${r.capability}`, c);
      }
      if ([...cells.values()].some((c) => c.calls >= 100 && c.failures >= 20)) armed++;
      evaluations++;
    }
    expect(evaluations).toBeGreaterThan(1500);
    expect(found).toEqual([]);
    expect(armed).toBeGreaterThan(100);
  });
});

describe('an incident, a volume drop, and the episodes they make', () => {
  const INCIDENT = 'CMCC:login:10104:x5@2026-11-20T10:30+08:00/2h';
  const END = at('2026-11-20T14:50:00+08:00');
  let db: Db;
  let ios: string;
  let android: string;
  beforeAll(() => {
    db = openTestWorkspaceDb();
    const probe = ingestEmulatedHistory(openTestWorkspaceDb(), { seed: 5, days: 1, daily: 10, apps: 2, now: () => END });
    ios = probe.platform.traffic.find((a) => a.platform === 'ios')?.id ?? probe.platform.traffic[1]!.id;
    android = probe.platform.traffic.find((a) => a.id !== ios)!.id;
    ingestEmulatedHistory(db, {
      seed: 5,
      days: 9,
      daily: 20_000,
      apps: 2,
      now: () => END,
      incidents: [INCIDENT],
      volumeDrops: [`${ios}:x0.05@2026-11-20T12:00+08:00/3h`],
    });
  }, 60_000);

  /** The cell's failures and calls in [from, to), counted from the raw records (independent of the rollups). */
  const rawSpan = (id: string, from: number, to: number) =>
    db
      .prepare(
        "SELECT COUNT(*) AS calls, SUM(success = 0) AS failures, SUM(result_code = '10104') AS code FROM auth_records WHERE id = ? AND operator = 'CMCC' AND capability = 'login' AND request_ms >= ? AND request_ms < ?",
      )
      .get(id, from, to) as {
      calls: number;
      failures: number;
      code: number;
    };

  it('the spike fires for CMCC login during the incident, naming 10104 with its catalogue meaning', () => {
    const now = at('2026-11-20T11:50:00+08:00');
    const spikes = failureSpike(defaultRuleConfig('failureSpike'), { now, apps: [] }, rollupSource(db));
    expect(spikes.length).toBeGreaterThan(0);
    for (const s of spikes) {
      expect(s.scope).toMatchObject({ operator: 'CMCC', capability: 'login' });
      // The 30-minute window at 11:50 is the slots 11:20 … 11:50 (the last one is the current, partly filled one).
      const raw = rawSpan(s.scope.app!, at('2026-11-20T11:20:00+08:00'), at('2026-11-20T12:00:00+08:00'));
      expect(s.numbers.windowCalls).toBe(raw.calls);
      expect(s.numbers.windowFailures).toBe(raw.failures);
      expect(s.topCodes[0]).toMatchObject({ code: '10104' });
      expect(s.topCodes[0]!.meaning).toBeTruthy();
      expect(s.detail).toContain('10104');
      expect(s.link).toMatchObject({ view: 'records', query: { app: s.scope.app, operator: 'CMCC', capability: 'login', result: 'failure' } });
    }
    // Only the incident's operator × capability, and nothing at the same time of the previous day.
    expect(failureSpike(defaultRuleConfig('failureSpike'), { now: now - 24 * HOUR, apps: [] }, rollupSource(db))).toEqual([]);
    const surge = codeSurge(defaultRuleConfig('codeSurge'), { now, apps: [] }, rollupSource(db));
    expect(surge.some((f) => f.subject.code === '10104' && f.scope.operator === 'CMCC')).toBe(true);
    // The links as stored (JSON, keys in order): a spike's records from its window's start, a
    // surge's narrowed to its code from the start of the day, to the end of today either way.
    const spike = spikes[0]!;
    expect(JSON.stringify(spike.link)).toBe(
      JSON.stringify({
        view: 'records',
        query: {
          app: spike.scope.app,
          operator: 'CMCC',
          capability: 'login',
          result: 'failure',
          from: toShanghaiIso(at('2026-11-20T11:20:00+08:00')),
          to: '2026-11-21',
        },
      }),
    );
    const cmcc = surge.find((f) => f.subject.code === '10104' && f.scope.operator === 'CMCC')!;
    expect(JSON.stringify(cmcc.link)).toBe(
      JSON.stringify({
        view: 'records',
        query: {
          app: cmcc.scope.app,
          operator: 'CMCC',
          capability: cmcc.scope.capability,
          result: 'failure',
          from: '2026-11-20',
          to: '2026-11-21',
          code: '10104',
        },
      }),
    );
    // The service's cache of past days' rollups changes nothing but the time it takes.
    const configs = alertRules.map((r) => defaultRuleConfig(r));
    const cache = new RollupCache();
    const plain = evaluateRules(db, configs, now).findings;
    for (const t of [now, now + 1000])
      expect(evaluateRules(db, configs, t, cache).findings.map((f) => [f.key, f.numbers])).toEqual(plain.map((f) => [f.key, f.numbers]));
  });

  it("success below its threshold fires for the incident's cells and only those", () => {
    const now = at('2026-11-20T11:50:00+08:00');
    const cfg = defaultRuleConfig('successBelow');
    const found = successBelow(cfg, { now, apps: [] }, rollupSource(db));
    expect(found.length).toBeGreaterThan(0);
    const { from, to } = ruleWindow(now, Number(cfg.params.windowMinutes));
    for (const f of found) {
      expect(f.scope).toMatchObject({ operator: 'CMCC', capability: 'login' });
      const raw = rawSpan(f.scope.app!, from, to);
      expect(f.numbers.windowCalls).toBe(raw.calls);
      expect(f.numbers.successes).toBe(raw.calls - raw.failures);
      expect((raw.calls - raw.failures) / raw.calls).toBeLessThan(0.8);
    }
    // The day before, same time: normal traffic, nothing.
    expect(successBelow(cfg, { now: now - 24 * HOUR, apps: [] }, rollupSource(db))).toEqual([]);
  });

  it('the volume drop fires for the app that went quiet, only after its quiet hours were synced', () => {
    const source = rollupSource(db);
    const now = at('2026-11-20T14:20:00+08:00');
    const drops = volumeDrop(defaultRuleConfig('volumeDrop'), { now, apps: [] }, source, now);
    expect(drops.map((d) => d.scope.app)).toEqual([ios]);
    expect(Number(drops[0]!.numbers.ratio)).toBeLessThan(0.3);
    // Synced only up to 12:10: the two hours before are normal, nothing to say.
    expect(volumeDrop(defaultRuleConfig('volumeDrop'), { now, apps: [] }, source, at('2026-11-20T12:10:00+08:00'))).toEqual([]);
    expect(drops.some((d) => d.scope.app === android)).toBe(false);
  });

  it("a rule's scope (some apps by id or appId, some operators) limits what it finds, and the whole evaluation", () => {
    const now = at('2026-11-20T11:50:00+08:00');
    const source = rollupSource(db);
    const scoped = <R extends 'failureSpike' | 'successBelow' | 'codeSurge'>(
      rule: R,
      scope: { apps?: string[]; operators?: ('CMCC' | 'CUCC' | 'CTCC')[] },
    ) => ({
      ...defaultRuleConfig(rule),
      scope: { apps: scope.apps ?? null, operators: scope.operators ?? null },
    });
    const apps: AppRow[] = [
      { id: ios, appId: 'IOSAPPID', name: 'iOS', platform: 'ios', status: 'approved' },
      { id: android, appId: 'ANDROIDAPPID', name: 'Android', platform: 'android', status: 'approved' },
    ];
    const all = failureSpike(defaultRuleConfig('failureSpike'), { now, apps }, source);
    expect(new Set(all.map((f) => f.scope.app))).toEqual(new Set([ios, android]));
    // One app, named by its internal id or by its appId: only its cells.
    for (const name of [ios, 'IOSAPPID']) {
      const one = failureSpike(scoped('failureSpike', { apps: [name] }), { now, apps }, source);
      expect(one.map((f) => f.key)).toEqual(all.filter((f) => f.scope.app === ios).map((f) => f.key));
    }
    // An operator the incident is not on: nothing; the incident's operator: all of it.
    expect(failureSpike(scoped('failureSpike', { operators: ['CUCC', 'CTCC'] }), { now, apps }, source)).toEqual([]);
    expect(failureSpike(scoped('failureSpike', { operators: ['CMCC'] }), { now, apps }, source).map((f) => f.key)).toEqual(all.map((f) => f.key));
    expect(successBelow(scoped('successBelow', { operators: ['CTCC'] }), { now, apps }, source)).toEqual([]);
    const surges = codeSurge(scoped('codeSurge', { apps: ['ANDROIDAPPID'] }), { now, apps }, source);
    expect(surges.length).toBeGreaterThan(0);
    expect(surges.every((f) => f.scope.app === android)).toBe(true);
    // Through the evaluation as the service runs it (the apps read from the store).
    const configs = trafficOnly.map((c) => (c.rule === 'failureSpike' ? { ...c, scope: { apps: [android], operators: null } } : c));
    const spikes = evaluateRules(db, configs, now).findings.filter((f) => f.rule === 'failureSpike');
    expect(spikes.length).toBeGreaterThan(0);
    expect(spikes.every((f) => f.scope.app === android)).toBe(true);
  });

  it('one episode per cell across resyncs and late records; it resolves with its duration', () => {
    // The spike's episodes (success-below flaps at its threshold with the incident's tail: not what this test is about).
    const configs = trafficOnly.map((c) => (c.rule === 'failureSpike' ? c : { ...c, enabled: false }));
    const run = (t: string) => reconcile(db, configs, evaluateRules(db, configs, at(t)), at(t));
    const first = run('2026-11-20T11:50:00+08:00');
    expect(first.opened.length).toBeGreaterThan(0);
    expect(first.notices.filter((n) => n.kind === 'fired')).toHaveLength(first.opened.length);

    // A resync: records and rollups rebuilt from scratch, then evaluated again.
    rollupsRepo(db).rebuild();
    expect(run('2026-11-20T11:55:00+08:00')).toMatchObject({ opened: [], resolved: [], notices: [] });
    // Late records: old failures of the incident hour and of yesterday arrive.
    const late = Array.from({ length: 40 }, (_, i) => ({
      seq: 10_000_000 + i,
      recordId: `late_${i}`,
      id: android,
      appId: 'x',
      capability: 'login' as const,
      operator: 'CMCC' as const,
      requestTime: toShanghaiIso(at('2026-11-20T11:05:00+08:00') - (i % 2) * 24 * HOUR),
      resultCode: '10104',
      success: false,
      outcome: null,
      carrierCode: null,
      description: 'late',
      maskedPhone: null,
      authType: null,
      clientIp: null,
      traceId: `t${i}`,
    }));
    db.transaction(() => authRecordsWriter(db).insert(late))();
    expect(run('2026-11-20T12:20:00+08:00')).toMatchObject({ opened: [], resolved: [] });

    // The iOS app went quiet at 12:00 (the volume drop): from 12:20 its window is under the spike's
    // minimum calls, so its episode has been clear since then and resolves at the next evaluation.
    // The Android app's window is clean from 13:00; seen clean at 13:40, resolved once clear for
    // resolveAfterMinutes (10).
    const repo = episodesRepo(db);
    const appOf = (id: number) => repo.alert(id)!.scope.app;
    const early = run('2026-11-20T13:40:00+08:00').resolved;
    expect(early.map(appOf)).toEqual(first.opened.filter((id) => appOf(id) === ios).map(appOf));
    const end = run('2026-11-20T13:55:00+08:00');
    expect([...early, ...end.resolved].sort()).toEqual([...first.opened].sort());
    expect(end.resolved.map(appOf)).toContain(android);
    for (const id of first.opened) {
      const a = repo.alert(id)!;
      const clearAt = at(a.scope.app === ios ? '2026-11-20T12:20:00+08:00' : '2026-11-20T13:40:00+08:00');
      expect(a.state).toBe('resolved');
      expect(a.since).toBe(at('2026-11-20T11:50:00+08:00'));
      expect(a.resolvedAt).toBe(clearAt);
      expect(a.durationMs).toBe(clearAt - a.since);
    }
    const events = repo.events(0).filter((e) => first.opened.includes(e.alertId));
    expect(events.filter((e) => e.kind === 'fired')).toHaveLength(first.opened.length);
    expect(events.filter((e) => e.kind === 'resolved')).toHaveLength(first.opened.length);
    expect(events.find((e) => e.kind === 'fired')!.numbers.windowCalls).toBeGreaterThan(0);
  });
});
