/**
 * What opening a sync page's episodes costs, part by part (issue 18: the bench's dearest pages open
 * 145 at once, the first spikes of the process and then the first code surges). On the alerts
 * bench's store (alerts.bench.ts's rollups and pages), the pages go in until the incremental
 * evaluation finds the spikes, then the surges; each part of opening them is then timed alone:
 *   text     each finding's text made (topCodesOf with meanings, the detail string, the link)
 *   numbers  each finding's numbers made and written as JSON
 *   json     the subject's, top codes' and link's JSON (and the scope's)
 *   insert   the episode rows inserted (unique open-key index, started index), in one transaction
 *   fired    their 'fired' events, copied by INSERT … SELECT
 *   whole    what the service does: reconcile (lazy numbers) + the notices' alerts + the counts
 * Each with this process's CPU, this thread's and the bytes allocated (heap growth with young
 * collections kept out of the way by a large semi-space: run with the flags below).
 *   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --import tsx bench/alerts-opening.ts MODE
 * MODE cold: every part once, in a fresh process (first-time code: compiles and unoptimised runs);
 * whole-cold: only the whole, once, in a fresh process; warm (default): each part 15 times, median;
 * heap: the whole's allocations by function (sampled), 10 times.
 * This thread's figure is read from /proc/thread-self/schedstat, which the kernel brings up to date at
 * its ticks: below a few milliseconds it is coarse. The process's CPU (getrusage) is exact.
 * BENCH_ALERTS_DAYS / BENCH_ALERTS_RECORDS as for the bench (15 / 2,500,000 keep its density, faster).
 */
import { Session } from 'node:inspector';
import { getHeapStatistics } from 'node:v8';
import { reconcile } from '../electron/main/services/alerts/episodes';
import { episodesRepo, FIRED_RANGE_SQL, INSERT_EPISODE_SQL, openedAlert } from '../electron/main/services/alerts/episodes-repo';
import { evaluateRules, prepareRules, type Evaluation } from '../electron/main/services/alerts/evaluate';
import { DeferredFinding, type Finding } from '../electron/main/services/alerts/finding';
import { RollupCache } from '../electron/main/services/alerts/rollup-query';
import { authRecordsWriter } from '../electron/main/services/store/auth-records-repo';
import { SLOT_MS } from '../electron/main/services/store/slot-rollups-repo';
import { syncStateRepo } from '../electron/main/services/store/sync-state-repo';
import { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';
import type { AlertRule } from '../shared/contract/alerts';
import { fillRollups, NOW, pageMaker, quantile, STEP_MS, threadCpu, trafficConfigs } from './alerts.bench';

const MODE = process.argv[2] ?? 'warm';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (see the header)');

type Db = ReturnType<typeof openWorkspaceDatabase>;
interface Figure {
  cpu: number;
  main: number;
  kb: number;
}
/** One step's figures; first a full collection, and a pause for its sweeping (on V8's helper threads) to end outside the step. */
async function measure(fn: () => void): Promise<Figure> {
  gc!();
  await new Promise((r) => setTimeout(r, 10));
  const heap = getHeapStatistics().used_heap_size;
  const m = threadCpu() ?? NaN;
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  const main = (threadCpu() ?? NaN) - m;
  return { cpu: (d.user + d.system) / 1000, main, kb: (getHeapStatistics().used_heap_size - heap) / 1024 };
}

const db = openWorkspaceDatabase(':memory:');
fillRollups(db);
const page = pageMaker();
const writer = authRecordsWriter(db);
const configs = trafficConfigs();
const cache = new RollupCache();
const before = NOW - STEP_MS - 1000;
evaluateRules(db, configs, before, cache);
prepareRules(db, configs, before, Math.floor(before / SLOT_MS) * SLOT_MS + SLOT_MS, cache);

/** The pages go in (as the bench's) until the incremental evaluation finds a rule's findings for the first time. */
const firstFound = new Map<AlertRule, { now: number; page: number; evaluation: Figure }>();
for (let i = -1; firstFound.size < 2 && i < 60; i++) {
  const now = NOW + i * STEP_MS;
  db.transaction(() => writer.insert(page(now)))();
  syncStateRepo(db).succeeded('records', now);
  let x: Evaluation | null = null;
  const fig = await measure(() => {
    x = evaluateRules(db, configs, now, cache, { incremental: true });
  });
  for (const rule of ['failureSpike', 'codeSurge'] as const)
    if (!firstFound.has(rule) && x!.findings.some((f) => f.rule === rule)) firstFound.set(rule, { now, page: i, evaluation: fig });
}
if (firstFound.size < 2) throw new Error('no spike or no surge found');

/** A rule's findings at the page they first came, made afresh (full pass, nothing kept: new objects, no text made yet). */
function fresh(rule: AlertRule): { now: number; findings: Finding[]; evaluation: Evaluation } {
  const { now } = firstFound.get(rule)!;
  const evaluation = evaluateRules(db, configs, now);
  const findings = evaluation.findings.filter((f) => f.rule === rule);
  return { now, findings, evaluation: { ...evaluation, findings } };
}

/** An episodes store of its own, with the spikes open when surges are measured (page 12 opens its surges next to 145 open spikes). */
function episodesStore(rule: AlertRule): Db {
  const e = openWorkspaceDatabase(':memory:');
  if (rule === 'codeSurge') {
    const s = fresh('failureSpike');
    reconcile(e, configs, s.evaluation, s.now, { lazyNumbers: true });
  }
  return e;
}

/** What the service does after a sync page with its evaluation (AlertsService.evaluate, as the bench's incremental step). */
function openAsService(w: Db, evaluation: Evaluation, now: number): void {
  const rec = reconcile(w, configs, evaluation, now, { lazyNumbers: true });
  const repo = episodesRepo(w);
  repo.alerts(
    rec.notices.map((n) => n.alertId),
    new Map(rec.openedRows.map((r) => [r.alert_id, openedAlert(r)])),
  );
  repo.counts(now);
}

/** The whole opening, on fresh findings and a store of its own (its statements prepared and open states kept, as in a service that has run before). */
async function whole(rule: AlertRule): Promise<Figure> {
  const w = episodesStore(rule);
  const { now, evaluation } = fresh(rule);
  episodesRepo(w).counts(now);
  const out = await measure(() => openAsService(w, evaluation, now));
  w.close();
  return out;
}

/** Each part once (in the order opening runs them), on fresh findings and a fresh store; then the whole. */
async function parts(rule: AlertRule): Promise<Record<string, Figure>> {
  const { now, findings } = fresh(rule);
  const out: Record<string, Figure> = {};
  out.text = await measure(() => {
    for (const f of findings) (f as DeferredFinding).readText();
  });
  const numbers: string[] = [];
  out.numbers = await measure(() => {
    for (const f of findings) numbers.push(JSON.stringify(f.numbers));
  });
  const json: string[][] = [];
  out.json = await measure(() => {
    for (const f of findings) json.push([JSON.stringify(f.scope), JSON.stringify(f.subject), JSON.stringify(f.topCodes), JSON.stringify(f.link)]);
  });
  const e = episodesStore(rule);
  const insert = e.prepare(INSERT_EPISODE_SQL);
  const fired = e.prepare(FIRED_RANGE_SQL);
  let first = 0;
  let last = 0;
  e.exec('BEGIN');
  out.insert = await measure(() => {
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      const [scope, subject, topCodes, link] = json[i]!;
      last = Number(insert.run(f.rule, f.key, scope, subject, now, numbers[i], topCodes, f.detail, link, 0, now, 1).lastInsertRowid);
      if (!i) first = last;
    }
  });
  out.fired = await measure(() => fired.run(now, first, last));
  out.commit = await measure(() => e.exec('COMMIT'));
  e.close();
  out.whole = await whole(rule);
  return out;
}

const f = (x: number) => x.toFixed(2).padStart(7);
const line = (name: string, x: Figure) => `  ${name.padEnd(9)} CPU ${f(x.cpu)} ms  this thread ${f(x.main)} ms  allocated ${x.kb.toFixed(0).padStart(6)} KB`;

for (const [rule, at] of firstFound)
  console.log(`${rule} first found on page ${at.page}; that page's incremental evaluation:\n${line('evaluate', at.evaluation)}`);
if (MODE === 'heap') {
  // The whole opening's allocations by function (sampled), over 10 runs of each rule.
  type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
  for (const rule of ['failureSpike', 'codeSurge'] as const) {
    const by = new Map<string, number>();
    for (let r = 0; r < 10; r++) {
      const w = episodesStore(rule);
      const again = fresh(rule);
      episodesRepo(w).counts(again.now);
      const session = new Session();
      session.connect();
      session.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      openAsService(w, again.evaluation, again.now);
      session.post('HeapProfiler.stopSampling', (err, res) => {
        const walk = (n: Node) => {
          const c = n.callFrame;
          const name = `${c.functionName || '(anonymous)'} ${c.url.split('/').slice(-1)[0]}:${c.lineNumber + 1}`;
          if (n.selfSize) by.set(name, (by.get(name) ?? 0) + n.selfSize);
          for (const x of n.children) walk(x);
        };
        if (!err) walk((res as { profile: { head: Node } }).profile.head);
      });
      session.disconnect();
      w.close();
    }
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    console.log(`${rule}: ${(total / 1024 / 10).toFixed(0)} KB a page that opens them (sampled); by function:`);
    for (const [k, b] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 22)) console.log(`  ${(b / 1024 / 10).toFixed(1).padStart(7)} KB  ${k}`);
  }
} else if (MODE === 'whole-cold') {
  for (const rule of ['failureSpike', 'codeSurge'] as const) {
    console.log(`${rule}: ${fresh(rule).findings.length} opened, the whole only, first time in this process`);
    console.log(line('whole', await whole(rule)));
  }
} else {
  const rounds = MODE === 'cold' ? 1 : 15;
  for (const rule of ['failureSpike', 'codeSurge'] as const) {
    const all: Record<string, Figure[]> = {};
    for (let r = 0; r < rounds; r++) {
      const p = await parts(rule);
      for (const [k, v] of Object.entries(p)) (all[k] ??= []).push(v);
    }
    console.log(`${rule}: ${fresh(rule).findings.length} opened, ${MODE === 'cold' ? 'once, first time in this process' : `median of ${rounds}`}`);
    for (const [k, v] of Object.entries(all))
      console.log(
        line(k, {
          cpu: quantile(
            v.map((x) => x.cpu),
            0.5,
          ),
          main: quantile(
            v.map((x) => x.main),
            0.5,
          ),
          kb: quantile(
            v.map((x) => x.kb),
            0.5,
          ),
        }),
      );
  }
}
db.close();
