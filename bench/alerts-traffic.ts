/**
 * Ordinary traffic for the alerts bench (issue 18): a history whose failures are spread over its
 * ten-minute buckets as traffic spreads them, and sync pages with the same failure rate and the same
 * mix of codes, so the rules find nothing on them, as the issue requires of normal traffic. On top,
 * the emulator's own incidents (`--incident OPERATOR:CAPABILITY:CODE:xFACTOR@ISO/DURATION`, parsed by
 * the emulator's parser and applied as the emulator applies them: the cell fails FACTOR times as
 * often, every extra failure carrying CODE) make the episodes that open during the run.
 *
 * Each cell (app × operator × capability) fails one call in 17; its failures take the codes of
 * CODE_TURNS in turn, in the history and in the pages alike (the history's cells start at different
 * places of the turn, so they do not fail in step).
 */
import type { Incident } from '../emulator/scenario/spec';
import type { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';
import { recountRollupTotals } from '../electron/main/services/store/rollup-totals-repo';
import { syncStateRepo } from '../electron/main/services/store/sync-state-repo';
import { capabilities, operators, type Capability, type Operator } from '../shared/platform/domain';
import type { PlatformAuthRecord } from '../shared/platform/schemas';
import { addDays, shanghaiDate, toShanghaiIso } from '../shared/time/shanghai';

type Db = ReturnType<typeof openWorkspaceDatabase>;

/** One call in FAIL_EVERY fails. */
const FAIL_EVERY = 17;
/** The codes a cell's failures carry, in turn: 10104 half of them, 10101 a quarter, 10102 and 10105 an eighth each. */
const CODE_TURNS = ['10104', '10101', '10104', '10102', '10104', '10101', '10104', '10105'] as const;
const CODES = [...new Set(CODE_TURNS)];
const SLOTS = 144;

export interface TrafficShape {
  now: number;
  days: number;
  /** The store's records over those days (what the rollups count). */
  records: number;
  apps: number;
}

const cellsOf = (apps: number) => apps * operators.length * capabilities.length;

/** The rollup tables' plain inserts, for a history written directly (not through the ingest writer). */
export function rollupInserts(db: Db) {
  return {
    hourly: db.prepare('INSERT INTO rollup_hourly (date, hour, id, operator, capability, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    daily: db.prepare('INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    fails: db.prepare('INSERT INTO rollup_failures (date, id, operator, capability, result_code, carrier_code, failures) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    slots: db.prepare('INSERT INTO rollup_slots (date, slot, id, operator, capability, calls, successes) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    slotFails: db.prepare(
      'INSERT INTO rollup_slot_failures (date, slot, id, operator, capability, result_code, carrier_code, failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}

/**
 * The history's rollups (slots, hours, days, failure codes), written directly, every count from the
 * ten-minute buckets: each cell's calls are numbered on from the first day, and call n fails when
 * (n + the cell's start) is a multiple of FAIL_EVERY. Failure codes per slot only for the days a rule
 * may read them (15), as the storm's history. Returns the milliseconds it took.
 */
export function fillOrdinaryHistory(db: Db, shape: TrafficShape): number {
  const today = shanghaiDate(shape.now);
  const cells = cellsOf(shape.apps);
  const perSlot = Math.max(1, Math.round(shape.records / shape.days / SLOTS / cells));
  const { hourly, daily, fails, slots, slotFails } = rollupInserts(db);
  const t0 = performance.now();
  db.transaction(() => {
    let cell = 0;
    for (let a = 0; a < shape.apps; a++)
      for (const op of operators)
        for (const cap of capabilities) {
          const id = `app_${a}`;
          // Where this cell's calls start in the failing turn and in the codes' turn.
          let n = (cell * 7) % FAIL_EVERY;
          let failed = cell % CODE_TURNS.length;
          cell++;
          for (let d = shape.days - 1; d >= 0; d--) {
            const date = addDays(today, -d);
            const dayCodes = new Map<string, number>();
            let dayFailures = 0;
            for (let h = 0; h < 24; h++) {
              let hourFailures = 0;
              for (let s = h * 6; s < h * 6 + 6; s++) {
                const f = Math.floor((n + perSlot) / FAIL_EVERY) - Math.floor(n / FAIL_EVERY);
                n += perSlot;
                slots.run(date, s, id, op, cap, perSlot, perSlot - f);
                const codes = new Map<string, number>();
                for (let k = 0; k < f; k++) {
                  const code = CODE_TURNS[failed++ % CODE_TURNS.length]!;
                  codes.set(code, (codes.get(code) ?? 0) + 1);
                  dayCodes.set(code, (dayCodes.get(code) ?? 0) + 1);
                }
                if (d <= 14) for (const [code, x] of codes) slotFails.run(date, s, id, op, cap, code, '', x);
                hourFailures += f;
              }
              const ok = perSlot * 6 - hourFailures;
              hourly.run(date, h, id, op, cap, perSlot * 6, ok, ok);
              dayFailures += hourFailures;
            }
            const ok = perSlot * SLOTS - dayFailures;
            daily.run(date, id, op, cap, perSlot * SLOTS, ok, ok);
            for (const code of CODES) if (dayCodes.get(code)) fails.run(date, id, op, cap, code, '', dayCodes.get(code)!);
          }
        }
    // Plain rows, not the ingest writer: their day totals are counted from them, as a rebuild does.
    recountRollupTotals(db);
  })();
  syncStateRepo(db).succeeded('records', shape.now);
  return performance.now() - t0;
}

/**
 * One sync page's maker: `size` records of the ten minutes before `now` (some arrive late, as in a
 * sync), spread over every cell, numbered on from the last page made. One call in FAIL_EVERY fails
 * with its cell's next code; in an incident's cell and time, successes fail with the incident's code
 * at the emulator's share ((FACTOR − 1) × the usual failure rate over the usual success rate), spread
 * evenly rather than drawn at random.
 */
export function ordinaryPageMaker(apps: number, size: number, incidents: readonly Incident[]): (now: number) => PlatformAuthRecord[] {
  const cells = cellsOf(apps);
  const perOperator = apps * operators.length;
  const failuresOf = new Uint32Array(cells);
  const usual = 1 / FAIL_EVERY;
  const shares = incidents.map((x) => ((x.factor - 1) * usual) / (1 - usual));
  const carried = new Float64Array(incidents.length);
  let seq = 1;
  return (now: number): PlatformAuthRecord[] =>
    Array.from({ length: size }, (_, i) => {
      const s = seq++;
      const a = i % apps;
      const o = i % operators.length;
      const c = Math.floor(i / perOperator) % capabilities.length;
      const cell = (a * operators.length + o) * capabilities.length + c;
      const at = now - 1 - (i % 600) * 1000;
      let code = '200';
      if (s % FAIL_EVERY === 0) {
        code = CODE_TURNS[failuresOf[cell]! % CODE_TURNS.length]!;
        failuresOf[cell] = failuresOf[cell]! + 1;
      } else
        for (let j = 0; j < incidents.length; j++) {
          const x = incidents[j]!;
          if (x.operator !== operators[o] || x.capability !== capabilities[c] || at < x.fromMs || at >= x.toMs) continue;
          carried[j] = carried[j]! + shares[j]!;
          if (carried[j]! >= 1) {
            carried[j] = carried[j]! - 1;
            code = x.code;
          }
          break;
        }
      return benchRecord(s, a, operators[o]!, capabilities[c]!, at, code);
    });
}

/** One page record of the alerts bench: app `app_N` (appId `AN`), a verification's outcome as its success has it. */
export function benchRecord(seq: number, app: number, operator: Operator, capability: Capability, at: number, code: string): PlatformAuthRecord {
  const success = code === '200';
  return {
    seq,
    recordId: `r${seq}`,
    id: `app_${app}`,
    appId: `A${app}`,
    capability,
    operator,
    requestTime: toShanghaiIso(at),
    resultCode: code,
    success,
    outcome: capability === 'verify' ? (success ? 'match' : 'unknown') : null,
    carrierCode: null,
    description: 'x',
    maskedPhone: null,
    authType: null,
    clientIp: null,
    traceId: `t${seq}`,
  };
}
