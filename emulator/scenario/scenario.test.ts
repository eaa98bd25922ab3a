import { describe, expect, it } from 'vitest';
import { RecordGenerator } from '../history/record-gen';
import { resolveOptions, EmulatorOptionsError } from '../options';
import { EmulatedPlatform } from '../platform';
import { parseIncident, parseVolumeDrop, ScenarioSpecError } from './spec';

const NOW = Date.parse('2026-11-20T18:00:00+08:00');
const FROM = Date.parse('2026-11-20T09:00:00+08:00');
const TO = FROM + 2 * 3_600_000;

/** Every record of the history: [json, timeMs, op, cap, success, app]. */
function history(opts: Parameters<typeof resolveOptions>[0]) {
  const p = new EmulatedPlatform(resolveOptions({ seed: 9, days: 2, daily: 6000, apps: 3, now: () => NOW, ...opts }));
  const gen = new RecordGenerator(p.config.seed, p.plan, p.traffic, { incidents: p.config.incidents, volumeDrops: p.config.volumeDrops });
  const out: { json: string; t: number; op: number; cap: number; ok: boolean; app: number }[] = [];
  for (let d = 0; d < p.plan.days; d++)
    for (let i = 0; i < p.plan.dayCount[d]!; i++) {
      gen.coreHistory(p.plan.firstSeq[d]! + i, d, i);
      out.push({ json: gen.json(), t: gen.timeMs, op: gen.op, cap: gen.cap, ok: gen.success, app: gen.app });
    }
  return { p, out };
}

describe('scenario specs', () => {
  it('parse the documented forms and refuse the rest with a reason', () => {
    expect(parseIncident('CUCC:login:10104:x5@2026-11-20T09:00+08:00/2h')).toEqual({
      operator: 'CUCC',
      capability: 'login',
      code: '10104',
      factor: 5,
      fromMs: FROM,
      toMs: TO,
    });
    expect(parseVolumeDrop('A1:x0.1@2026-11-20T09:00+08:00/30m')).toEqual({ app: 'A1', factor: 0.1, fromMs: FROM, toMs: FROM + 1_800_000 });
    for (const bad of [
      'XXXX:login:1:x5@2026-11-20T09:00+08:00/2h',
      'CUCC:pay:1:x5@2026-11-20T09:00+08:00/2h',
      'CUCC:login:1:x0.5@2026-11-20T09:00+08:00/2h',
      'CUCC:login:1:x5@2026-11-20 09:00/2h',
      'CUCC:login:1:x5@2026-11-20T09:00+08:00/2w',
    ])
      expect(() => parseIncident(bad), bad).toThrow(ScenarioSpecError);
    expect(() => parseVolumeDrop('A1:x2@2026-11-20T09:00+08:00/1h')).toThrow(ScenarioSpecError);
    expect(() => resolveOptions({ incidents: ['nope'] })).toThrow(EmulatorOptionsError);
  });
});

describe('an incident', () => {
  it('multiplies the failures of its operator × capability in its window, with its code; nothing else changes', () => {
    const base = history({});
    const inc = history({ incidents: ['CUCC:login:10104:x5@2026-11-20T09:00+08:00/2h'] });
    expect(inc.out).toHaveLength(base.out.length);
    let changed = 0;
    let baseFail = 0;
    let incFail = 0;
    let incCode = 0;
    let calls = 0;
    for (let i = 0; i < base.out.length; i++) {
      const a = base.out[i]!;
      const b = inc.out[i]!;
      const inside = a.t >= FROM && a.t < TO && a.op === 1 && a.cap === 0;
      if (!inside) {
        expect(b.json).toBe(a.json);
        continue;
      }
      calls++;
      if (!a.ok) baseFail++;
      if (!b.ok) incFail++;
      if (b.json.includes('"resultCode":"10104"')) incCode++;
      if (b.json !== a.json) changed++;
    }
    expect(calls).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(0);
    // ×5 the failures, within sampling noise; every extra one carries 10104.
    expect(incFail / Math.max(1, baseFail)).toBeGreaterThan(3);
    expect(incFail / Math.max(1, baseFail)).toBeLessThan(8);
    expect(incCode).toBeGreaterThanOrEqual(incFail - baseFail);
  });
});

describe('a volume drop and a package nearly used up', () => {
  it('moves the app’s calls in the window to another app', () => {
    const base = history({});
    const app = base.p.traffic[0]!;
    const drop = history({ volumeDrops: [`${app.appId}:x0.1@2026-11-20T09:00+08:00/2h`] });
    const count = (h: typeof base, k: number) => h.out.filter((r) => r.t >= FROM && r.t < TO && r.app === k).length;
    expect(count(base, 0)).toBeGreaterThan(100);
    expect(count(drop, 0) / count(base, 0)).toBeLessThan(0.2);
    expect(drop.out.filter((r) => r.t >= FROM && r.t < TO).length).toBe(base.out.filter((r) => r.t >= FROM && r.t < TO).length);
    expect(() => history({ volumeDrops: ['nope:x0.1@2026-11-20T09:00+08:00/2h'] })).toThrow(ScenarioSpecError);
  });

  it('--package-left sizes the trial so that share is left', () => {
    const { p } = history({ packageLeft: 10 });
    const [trial] = p.ledger.packages(NOW).items;
    expect(trial!.used).toBeGreaterThan(0);
    expect(1 - trial!.used / trial!.quota).toBeCloseTo(0.1, 2);
  });
});
