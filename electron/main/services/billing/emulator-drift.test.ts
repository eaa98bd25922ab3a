/**
 * Reconciliation end to end: the emulator (platform-api over HTTP on loopback) with --drift,
 * synced by the real sync engine into a workspace file, reconciled by `onetap reconcile`.
 * Exactly the lines the emulator made wrong must be found — nothing more, nothing less.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReconcileOutput } from '../../../../shared/contract/billing';
import { startEmulator, type DriftReportLine, type StartedEmulator } from '../../../../emulator/index';
import { main } from '../../../cli/index';
import { memorySecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { metaWriter } from '../store/meta-repo';
import { runSync } from '../sync/engine';
import { emulatorClient } from '../sync/testing/helpers';
import { openTestWorkspaceDb } from '../testing/context';
import { monthBill } from './month-bill';
import { reconcile } from './reconcile';

const NOW = Date.parse('2026-11-15T04:00:00Z');
const clock = { now: () => NOW };
const MONTHS = ['2026-09', '2026-10', '2026-11'];
let emu: StartedEmulator;
let dir: string;
let file: string;
let db: Db;
let drift: DriftReportLine[];
/** The same platform synced with a finance key: usage statement, bills, packages and pricing, no auth records. */
let financeDb: Db;

const key = (l: { date: string; id: string; capability: string; operator: string }): string => `${l.date}|${l.id}|${l.capability}|${l.operator}`;

beforeAll(async () => {
  // Seed 25: six drifted lines in October and November; September (with the trial package) stays clean.
  emu = await startEmulator({ seed: 25, days: 60, daily: 400, drift: 6, now: clock.now });
  drift = emu.drift();
  dir = mkdtempSync(join(tmpdir(), 'onetap-billing-drift-'));
  file = join(dir, 'workspace.db');
  db = openTestWorkspaceDb(file);
  const client = emulatorClient(emu, 'admin', { clock });
  const summary = await runSync({ db, client, secrets: memorySecretStore(), clock });
  expect(summary.ok).toBe(true);

  financeDb = openTestWorkspaceDb(join(dir, 'finance.db'));
  const f = emu.key('finance');
  const financeClient = emulatorClient(emu, 'finance', { clock });
  const onRole = (role: string): void => void metaWriter(financeDb).put('whoami', { accessKey: f.accessKey, role }, NOW);
  const financeSync = await runSync({ db: financeDb, client: financeClient, secrets: memorySecretStore(), clock, onRole });
  expect(financeSync.resources.records?.skipped).toMatch(/finance/);
});

afterAll(async () => {
  db?.close();
  financeDb?.close();
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reconciliation against the emulator with --drift', () => {
  it('has drift to find in some months and none in another', () => {
    expect(drift).toHaveLength(6);
    expect([...new Set(drift.map((d) => d.date.slice(0, 7)))].sort()).toEqual(['2026-10', '2026-11']);
    expect(reconcile(db, '2026-09')).toMatchObject({ status: 'matched', differences: [], billDifferences: [] });
    expect(monthBill(db, '2026-09', NOW).packageCovered).toBe(500); // the trial package, as the platform counts it too
  });

  it.each(MONTHS)('finds exactly the drifted lines of %s, each with both sides as the emulator reports them', (month) => {
    const r = reconcile(db, month);
    const expected = drift.filter((d) => d.date.startsWith(month));
    expect(r.missing).toEqual([]);
    expect(new Set(r.differences.map(key))).toEqual(new Set(expected.map(key)));
    for (const d of expected) {
      const found = r.differences.find((x) => key(x) === key(d))!;
      expect({ calls: found.localCalls, successes: found.localSuccesses, billable: found.local }, `${key(d)} ${d.kind}`).toEqual(
        d.records ?? { calls: 0, successes: 0, billable: 0 },
      );
      expect({ calls: found.platformCalls, billable: found.platform }, `${key(d)} ${d.kind}`).toEqual({
        calls: d.statement?.calls ?? 0,
        billable: d.statement?.billable ?? 0,
      });
      expect(found.appId).toBe(d.appId);
    }
    // The platform bills from its own statement with the same rules: pricing that statement ourselves gives its bill.
    expect(r.amountFromStatement).toBe(r.amountPlatform);
    // And without drift the month matches outright, bill included.
    if (expected.length === 0) expect(r).toMatchObject({ status: 'matched', billDifferences: [] });
    else expect(r.status).toBe('mismatched');
    // The money of the differences adds up to the gap between the statement and our usage (before rounding).
    const mills = (s: string | null): number => Math.round(Number(s) * 1000);
    const sum = r.differences.reduce((s, d) => s + mills(d.amount), 0);
    // Up to half a fen of rounding on each side of the two rounded totals.
    expect(Math.abs(sum - (mills(r.amountFromStatement) - mills(r.amountLocal)))).toBeLessThanOrEqual(10);
  });

  it('bills the months from the synced records, packages and platform pricing', () => {
    const oct = monthBill(db, '2026-10', NOW);
    expect(oct.ladder.source).toBe('platform');
    const billable = db
      .prepare('SELECT count(*) FROM auth_records WHERE billable = 1 AND request_ms >= ? AND request_ms < ?')
      .pluck()
      .get(Date.parse('2026-09-30T16:00:00Z'), Date.parse('2026-10-31T16:00:00Z'));
    expect(oct.calls).toBe(billable);
    expect(monthBill(db, '2026-11', NOW).forecast).not.toBeNull();
  });

  it('prints the same verdict through `onetap reconcile --db`', async () => {
    const month = drift[0]!.date.slice(0, 7);
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      stdout += String(c);
      return true;
    });
    let code: number;
    try {
      code = await main(['reconcile', month, '--db', file, '--json']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as ReconcileOutput;
    expect(out.status).toBe('mismatched');
    expect(out.differences.map(key).sort()).toEqual(
      drift
        .filter((d) => d.date.startsWith(month))
        .map(key)
        .sort(),
    );
  });

  describe('with a finance key (no auth records)', () => {
    it.each(MONTHS)('bills %s from the usage statement and shows no line as a mismatch for want of records', (month) => {
      const admin = reconcile(db, month);
      const r = reconcile(financeDb, month);
      const b = monthBill(financeDb, month, NOW);
      expect(b.basis).toBe('statement');
      expect(r).toMatchObject({ basis: 'statement', missing: [], differences: [], lineCount: 0, matchedLines: 0 });
      // The local bill is the statement priced by our rules: what the platform billed, so no bill field differs.
      expect(r.billDifferences).toEqual([]);
      expect(r.amountLocal).toBe(admin.amountFromStatement);
      expect(r.amountLocal).toBe(r.amountPlatform);
      expect(r.status).toBe('matched');
      expect(b.amount).toBe(admin.amountFromStatement);
      expect(b.calls).toBe(admin.totals.platform!.billable);
      // The admin workspace of the same platform still finds exactly the drifted lines (the records are its basis).
      expect(admin.basis).toBe('records');
      expect(new Set(admin.differences.map(key))).toEqual(new Set(drift.filter((d) => d.date.startsWith(month)).map(key)));
    });

    it('uses the statements of earlier months for the packages (September had the trial package)', () => {
      expect(monthBill(financeDb, '2026-09', NOW).packageCovered).toBe(monthBill(db, '2026-09', NOW).packageCovered);
    });
  });
});
