/**
 * Alert evaluation after a sync page (issue 18): every rule for 50 apps × 3 operators × 2
 * capabilities, read from the rollups, next to the ingest of one sync page (5,000 records
 * through the ingest writer, rollups kept current, one transaction) measured in the same run.
 * Goal: evaluation / page ingest well under 0.1.
 *
 * The rules never read auth_records, so what their cost depends on is the rollups: BENCH_ALERTS_DAYS
 * days (default 60) of hourly, ten-minute, daily and failure-code rollups for every cell, with counts of a
 * store of BENCH_ALERTS_RECORDS records (default 10,000,000) spread over those days. The rollups
 * are written directly (ingesting ten million records would take minutes and measure nothing
 * more); the page itself goes in through the real writer. As in the service, past days' rollups
 * are kept between evaluations (RollupCache); the first evaluation, which fills it, is not timed.
 * BENCH_ALERTS_PROFILE=1 also prints each rule's time.
 */
import { defaultRuleConfig } from '../electron/main/services/alerts/rules-repo';
import { evaluateRules } from '../electron/main/services/alerts/evaluate';
import { reconcile } from '../electron/main/services/alerts/episodes';
import { RollupCache } from '../electron/main/services/alerts/rollup-query';
import { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';
import { authRecordsWriter } from '../electron/main/services/store/auth-records-repo';
import { syncStateRepo } from '../electron/main/services/store/sync-state-repo';
import { alertRules } from '../shared/contract/alerts';
import { capabilities, operators } from '../shared/platform/domain';
import type { PlatformAuthRecord } from '../shared/platform/schemas';
import { addDays, shanghaiDate, toShanghaiIso } from '../shared/time/shanghai';

const DAYS = Number(process.env.BENCH_ALERTS_DAYS ?? 60);
const RECORDS = Number(process.env.BENCH_ALERTS_RECORDS ?? 10_000_000);
const APPS = 50;
const CODES = ['10101', '10102', '10104', '10105', '10202', '10203', '10301', '10500'];
const NOW = Date.parse('2026-11-20T11:50:00+08:00');
const PAGE = 5000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<void> {
  const db = openWorkspaceDatabase(':memory:');
  const today = shanghaiDate(NOW);
  const perCellHour = Math.max(1, Math.round(RECORDS / DAYS / 24 / (APPS * 6)));
  const hourly = db.prepare('INSERT INTO rollup_hourly (date, hour, id, operator, capability, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const daily = db.prepare('INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const fails = db.prepare('INSERT INTO rollup_failures (date, id, operator, capability, result_code, carrier_code, failures) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const slots = db.prepare('INSERT INTO rollup_slots (date, slot, id, operator, capability, calls, successes) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const slotFails = db.prepare(
    'INSERT INTO rollup_slot_failures (date, slot, id, operator, capability, result_code, carrier_code, failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const perCellSlot = Math.max(1, Math.round(perCellHour / 6));
  const okSlot = Math.round(perCellSlot * 0.94);
  const t0 = performance.now();
  db.transaction(() => {
    for (let d = DAYS - 1; d >= 0; d--) {
      const date = addDays(today, -d);
      for (let a = 0; a < APPS; a++)
        for (const op of operators)
          for (const cap of capabilities) {
            const id = `app_${a}`;
            const ok = Math.round(perCellHour * 0.94);
            for (let h = 0; h < 24; h++) hourly.run(date, h, id, op, cap, perCellHour, ok, ok);
            for (let sl = 0; sl < 144; sl++) {
              slots.run(date, sl, id, op, cap, perCellSlot, okSlot);
              // Failure codes per slot only where a rule may read them (the baseline days).
              if (d <= 14) for (let c = 0; c < 3; c++) slotFails.run(date, sl, id, op, cap, CODES[c]!, '', Math.max(1, (perCellSlot - okSlot) >> (c + 1)));
            }
            daily.run(date, id, op, cap, perCellHour * 24, ok * 24, ok * 24);
            const f = (perCellHour - ok) * 24;
            CODES.forEach((c, i) => fails.run(date, id, op, cap, c, '', Math.max(1, Math.round(f / 2 ** (i + 1)))));
          }
    }
  })();
  syncStateRepo(db).succeeded('records', NOW);
  const fillMs = performance.now() - t0;

  // One sync page: 5,000 records of the current hour through the ingest writer.
  let seq = 1;
  const page = (): PlatformAuthRecord[] =>
    Array.from({ length: PAGE }, (_, i) => {
      const s = seq++;
      return {
        seq: s,
        recordId: `r${s}`,
        id: `app_${i % APPS}`,
        appId: `A${i % APPS}`,
        capability: capabilities[i % 2]!,
        operator: operators[i % 3]!,
        requestTime: toShanghaiIso(NOW - (i % 600) * 1000),
        resultCode: i % 17 === 0 ? '10104' : '200',
        success: i % 17 !== 0,
        outcome: i % 2 === 1 ? (i % 17 === 0 ? 'unknown' : 'match') : null,
        carrierCode: null,
        description: 'x',
        maskedPhone: null,
        authType: null,
        clientIp: null,
        traceId: `t${s}`,
      };
    });
  const writer = authRecordsWriter(db);
  const configs = alertRules.map((r) => defaultRuleConfig(r));
  // The service keeps past days' rollups between evaluations; the first evaluation fills it.
  const cache = new RollupCache();
  evaluateRules(db, configs, NOW - 1000, cache);
  const ingest: number[] = [];
  const evaluate: number[] = [];
  let findings = 0;
  for (let i = 0; i < 7; i++) {
    const rows = page();
    const a = performance.now();
    db.transaction(() => writer.insert(rows))();
    const b = performance.now();
    const ev = evaluateRules(db, configs, NOW + i * 1000, cache);
    reconcile(db, configs, ev, NOW + i * 1000);
    const c = performance.now();
    findings = ev.findings.length;
    if (ev.failed.size) throw new Error(`rules failed: ${[...ev.failed].join('; ')}`);
    ingest.push(b - a);
    evaluate.push(c - b);
  }
  if (process.env.BENCH_ALERTS_PROFILE) {
    for (const r of alertRules) {
      const only = configs.map((c) => ({ ...c, enabled: c.rule === r }));
      const a = performance.now();
      for (let i = 0; i < 3; i++) evaluateRules(db, only, NOW + 10_000, cache);
      console.log(`  ${r}: ${((performance.now() - a) / 3).toFixed(1)} ms`);
    }
    const ev = evaluateRules(db, configs, NOW + 10_000, cache);
    const a = performance.now();
    reconcile(db, configs, ev, NOW + 10_000);
    console.log(`  reconcile: ${(performance.now() - a).toFixed(1)} ms`);
  }
  const ing = median(ingest);
  const evl = median(evaluate);
  console.log(
    `store: ${DAYS} days of rollups for ${APPS} apps × 3 operators × 2 capabilities (${RECORDS.toLocaleString('en-US')} records' worth), filled in ${fillMs.toFixed(0)} ms`,
  );
  console.log(`page ingest (${PAGE} records, baseline): ${ing.toFixed(1)} ms (median of ${ingest.length})`);
  console.log(`evaluate every rule + episodes:        ${evl.toFixed(1)} ms (median; ${findings} finding(s))`);
  console.log(`ratio evaluate / ingest: ${(evl / ing).toFixed(3)} (goal: well under 0.1)`);
  db.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
