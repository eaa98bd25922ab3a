/** SQL of the alert tables (alert_episodes, alert_events, alert_deliveries). */
import type { Alert, AlertEvent, AlertLink, AlertRule, AlertScope, TopCode } from '../../../../shared/contract/alerts';
import { dataVersion } from '../db/connection';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared-once';
import { DeferredFinding, type Numbers } from './finding';

/** What deciding an open episode's fate reads (reconcile after a sync page reads no more; the state trigger below watches these columns). */
export interface EpisodeState {
  alert_id: number;
  rule: AlertRule;
  key: string;
  clear_since: number | null;
  notify_due: number;
  last_notified_at: number | null;
  notifications: number;
  acknowledged_at: number | null;
  snoozed_until: number | null;
}

export interface EpisodeRow extends EpisodeState {
  scope: string;
  subject: string;
  state: 'open' | 'resolved';
  started_at: number;
  resolved_at: number | null;
  numbers: string;
  top_codes: string;
  detail: string;
  link: string;
}

interface DeliveryRow {
  alert_id: number;
  channel: string;
  event: 'fired' | 'repeated' | 'resolved';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  updated_at: number;
}

export interface InboxQuery {
  state: 'open' | 'resolved' | 'all';
  rule?: AlertRule | undefined;
  app?: string | undefined;
  operator?: string | undefined;
  unacknowledged?: boolean | undefined;
  limit: number;
  offset: number;
}

/** The parts of an alert an episode row holds as JSON. */
interface AlertParts {
  scope: AlertScope;
  subject: Record<string, string>;
  numbers: Numbers;
  topCodes: TopCode[];
  link: AlertLink;
}

export function toAlert(r: EpisodeRow, deliveries: readonly DeliveryRow[]): Alert {
  const parts: AlertParts = {
    scope: JSON.parse(r.scope) as AlertScope,
    subject: JSON.parse(r.subject) as Record<string, string>,
    numbers: JSON.parse(r.numbers) as Numbers,
    topCodes: JSON.parse(r.top_codes) as TopCode[],
    link: JSON.parse(r.link) as AlertLink,
  };
  return alertOf(r, parts, deliveries);
}

function alertOf(r: EpisodeRow, p: AlertParts, deliveries: readonly DeliveryRow[]): Alert {
  return {
    id: r.alert_id,
    rule: r.rule,
    scope: p.scope,
    subject: p.subject,
    state: r.state,
    since: r.started_at,
    resolvedAt: r.resolved_at,
    durationMs: r.resolved_at === null ? null : r.resolved_at - r.started_at,
    lastNotifiedAt: r.last_notified_at,
    notifications: r.notifications,
    detail: r.detail,
    numbers: p.numbers,
    topCodes: p.topCodes,
    acknowledgedAt: r.acknowledged_at,
    snoozedUntil: r.snoozed_until,
    link: p.link,
    deliveries: !deliveries.length
      ? []
      : deliveries.map((d) => ({ channel: d.channel, event: d.event, status: d.status, attempts: d.attempts, error: d.error, at: d.updated_at })),
  };
}

/** What opening an episode writes of a finding's text. */
type OpenedText = { subject: object; topCodes: object; detail: string; link: object };
/** What opening an episode writes of a finding. */
type OpenedFinding = OpenedText & { rule: AlertRule; key: string; scope: object; numbers: object };

/** The finding each row insertMany returned was written from. */
const openedFrom = new WeakMap<EpisodeRow, OpenedFinding>();

/** Whether JSON gives these numbers back as they are (NaN and infinities come back as null). */
function numbersRoundTrip(numbers: object): boolean {
  // for…in, not Object.values and for…of: run for every episode a page opens, often before it is optimised.
  const values = numbers as Record<string, unknown>;
  for (const k in values) {
    const v = values[k];
    if (typeof v === 'number' ? !Number.isFinite(v) : v !== null && typeof v !== 'string') return false;
  }
  return true;
}

/**
 * The alert of an episode just opened (insertMany's row): what reading it back would give, no
 * delivery yet. Its parts are the finding's own (a page may open a hundred episodes: their JSON is
 * not parsed back); the alert only carries them, nothing changes them.
 */
export function openedAlert(row: EpisodeRow): Alert {
  const f = openedFrom.get(row);
  if (!f || !numbersRoundTrip(f.numbers)) return toAlert(row, []);
  return alertOf(
    row,
    {
      scope: f.scope as AlertScope,
      subject: f.subject as Record<string, string>,
      numbers: f.numbers as Numbers,
      topCodes: f.topCodes as TopCode[],
      link: f.link as AlertLink,
    },
    [],
  );
}

/**
 * Whether an open episode is acknowledged or snoozed at `now`: it is told nobody, and does not ask
 * for attention (the counts statement's SQL says the same).
 */
export function muted(r: EpisodeState, now: number): boolean {
  return r.acknowledged_at !== null || (r.snoozed_until !== null && r.snoozed_until > now);
}

/** A UTF-16 surrogate: only where one occurs do JS's order and SQLite's differ. */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Whether a sorts before b as SQLite's BINARY collation sorts them (UTF-8 bytes, that is code
 * points): JS compares UTF-16 code units, which puts U+10000 and above (surrogate pairs) before
 * U+E000–U+FFFF.
 */
export function byteOrder(a: string, b: string): number {
  // Keys share long prefixes ("codeSurge|app_…"): without surrogates, JS's own comparison gives the
  // same order in native code, where the loop below runs interpreted on a page that opens a hundred.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a === b ? 0 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** The states of the rows just opened (insertMany's), as openStates reads them. */
function stateOf(r: EpisodeRow): EpisodeState {
  return {
    alert_id: r.alert_id,
    rule: r.rule,
    key: r.key,
    clear_since: r.clear_since,
    notify_due: r.notify_due,
    last_notified_at: r.last_notified_at,
    notifications: r.notifications,
    acknowledged_at: r.acknowledged_at,
    snoozed_until: r.snoozed_until,
  };
}

/** The open states read in key order, with these states just opened merged in (a new list; `added` is sorted in place). */
function withOpened(base: readonly EpisodeState[], added: EpisodeState[]): EpisodeState[] {
  // Each key looked at for surrogates once, rather than both keys in every comparison (a page may
  // open a hundred episodes next to hundreds open): without any, `<` is SQLite's order.
  let plain = true;
  for (let i = 0; plain && i < base.length; i++) plain = !SURROGATE.test(base[i]!.key);
  for (let j = 0; plain && j < added.length; j++) plain = !SURROGATE.test(added[j]!.key);
  // Usually given in key order already (reconcile opens them so): then only checked.
  let sorted = plain;
  for (let j = 1; sorted && j < added.length; j++) sorted = added[j - 1]!.key < added[j]!.key;
  if (!sorted) added.sort(byKeyBytes);
  const out = new Array<EpisodeState>(base.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  if (plain) while (i < base.length && j < added.length) out[k++] = base[i]!.key <= added[j]!.key ? base[i++]! : added[j++]!;
  else while (i < base.length && j < added.length) out[k++] = byteOrder(base[i]!.key, added[j]!.key) <= 0 ? base[i++]! : added[j++]!;
  while (i < base.length) out[k++] = base[i++]!;
  while (j < added.length) out[k++] = added[j++]!;
  return out;
}

function byKeyBytes(a: EpisodeState, b: EpisodeState): number {
  return byteOrder(a.key, b.key);
}

/** The JSON of frozen scope objects (a cell's findings of every rule share one, made once per cell): they cannot change. */
const scopeJsons = new WeakMap<object, string>();
function scopeJson(scope: object): string {
  if (!Object.isFrozen(scope)) return JSON.stringify(scope);
  let json = scopeJsons.get(scope);
  if (json === undefined) scopeJsons.set(scope, (json = JSON.stringify(scope)));
  return json;
}

/**
 * Opening episodes' two statements (prepared below; bench/alerts-opening.ts times each on its own,
 * with these same texts). An episode's row with its text, its 13 values in this order.
 */
export const INSERT_EPISODE_SQL = `INSERT INTO alert_episodes (rule, key, scope, subject, state, started_at, numbers, top_codes, detail, link, notify_due, last_notified_at, notifications)
     VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)`;
/** The 'fired' events of the episodes just opened, ids first…last: at, first id, last id. */
export const FIRED_RANGE_SQL =
  "INSERT INTO alert_events (alert_id, at, kind, numbers, detail) SELECT alert_id, ?, 'fired', numbers, detail FROM alert_episodes WHERE alert_id BETWEEN ? AND ? ORDER BY alert_id";

const repoOf = preparedOnce(prepareEpisodesRepo);

/** The alert tables' statements, prepared once per database (an evaluation runs after every sync run). */
export function episodesRepo(db: Db): ReturnType<typeof prepareEpisodesRepo> {
  return repoOf(db);
}

function prepareEpisodesRepo(db: Db) {
  const openRows = db.prepare<[], EpisodeRow>("SELECT * FROM alert_episodes WHERE state = 'open'");
  const openStates = db.prepare<[], EpisodeState>(
    `SELECT alert_id, rule, key, clear_since, notify_due, last_notified_at, notifications, acknowledged_at, snoozed_until
     FROM alert_episodes WHERE state = 'open' ORDER BY key`,
  );
  const byId = db.prepare<[number], EpisodeRow>('SELECT * FROM alert_episodes WHERE alert_id = ?');
  /** Episodes and their deliveries by a JSON array of ids (the alerts of a page's notices, read together). */
  const byIds = db.prepare<[string], EpisodeRow>('SELECT * FROM alert_episodes WHERE alert_id IN (SELECT value FROM json_each(?))');
  const deliveriesOfIds = db.prepare<[string], DeliveryRow>(
    'SELECT alert_id, channel, event, status, attempts, error, updated_at FROM alert_deliveries WHERE alert_id IN (SELECT value FROM json_each(?)) ORDER BY delivery_id',
  );
  /**
   * An episode opened, with its text: one prepared statement run in a tight loop for a page that
   * opens many (cheaper than multi-row INSERT … RETURNING: no arguments spread, no rows returned;
   * and than one INSERT … SELECT over a JSON array of them, whose parsing costs SQLite more than
   * the runs it saves), the text in the same transaction as the row.
   */
  const insertOne = db.prepare(INSERT_EPISODE_SQL);
  /**
   * The firings of the episodes just opened (ids first…last, given in a row), in one statement:
   * each carries its episode's numbers and detail as just stored, in id order (as one insert per
   * episode would have numbered them). A page that opens a hundred episodes no longer passes
   * their numbers and text to SQLite a second time.
   */
  const firedRange = db.prepare(FIRED_RANGE_SQL);
  const refresh = db.prepare('UPDATE alert_episodes SET numbers = ?, top_codes = ?, detail = ?, link = ?, clear_since = NULL WHERE alert_id = ?');
  const clearing = db.prepare('UPDATE alert_episodes SET clear_since = ? WHERE alert_id = ? AND clear_since IS NULL');
  const resolve = db.prepare("UPDATE alert_episodes SET state = 'resolved', resolved_at = ?, notify_due = 0 WHERE alert_id = ? AND state = 'open'");
  const notified = db.prepare('UPDATE alert_episodes SET notify_due = 0, last_notified_at = ?, notifications = notifications + 1 WHERE alert_id = ?');
  /** An event carrying the episode's numbers as stored now. */
  const eventAsStored = db.prepare(
    'INSERT INTO alert_events (alert_id, at, kind, numbers, detail) SELECT alert_id, ?, ?, numbers, detail FROM alert_episodes WHERE alert_id = ?',
  );
  const ack = db.prepare('UPDATE alert_episodes SET acknowledged_at = COALESCE(acknowledged_at, ?) WHERE alert_id = ?');
  const snooze = db.prepare('UPDATE alert_episodes SET snoozed_until = ? WHERE alert_id = ?');
  const delivery = db.prepare("INSERT INTO alert_deliveries (alert_id, channel, event, status, updated_at) VALUES (?, ?, ?, 'pending', ?)");
  const deliveryUpdate = db.prepare('UPDATE alert_deliveries SET status = ?, attempts = ?, error = ?, updated_at = ? WHERE delivery_id = ?');
  const deliveriesOf = db.prepare<[number], DeliveryRow>(
    'SELECT alert_id, channel, event, status, attempts, error, updated_at FROM alert_deliveries WHERE alert_id = ? ORDER BY delivery_id',
  );
  const counts = db.prepare<[number], { open: number; attention: number }>(
    `SELECT COUNT(*) AS open, COALESCE(SUM(acknowledged_at IS NULL AND (snoozed_until IS NULL OR snoozed_until <= ?)), 0) AS attention
     FROM alert_episodes WHERE state = 'open'`,
  );
  const events = db.prepare<
    [number],
    { at: number; kind: AlertEvent['kind']; alert_id: number; numbers: string; detail: string; rule: AlertRule; scope: string; subject: string }
  >(
    `SELECT e.at, e.kind, e.alert_id, e.numbers, e.detail, a.rule, a.scope, a.subject
     FROM alert_events e JOIN alert_episodes a ON a.alert_id = e.alert_id WHERE e.at >= ? ORDER BY e.at, e.event_id`,
  );

  /**
   * How many updates and deletes of alert_episodes this connection has made that change what
   * openStates reads (temp triggers count them); null where they cannot be made. An update of the
   * numbers and text alone (the timer's full reconcile refreshing every open episode) is not
   * counted: the kept states are still true, and the next sync page need not read them again.
   * Inserts are not counted by a trigger (one ran for every episode a page opens, a third of their
   * writes' cost): while no update or delete is counted, the open episodes can only grow by
   * inserts, so their number (openCount) tells whether any open one was inserted.
   */
  let writes: (() => number) | null | undefined;
  const writesCounter = (): (() => number) | null => {
    if (writes !== undefined) return writes;
    try {
      db.exec(`
        CREATE TEMP TABLE IF NOT EXISTS alert_episode_writes (n INTEGER NOT NULL);
        INSERT INTO alert_episode_writes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM alert_episode_writes);
        CREATE TEMP TRIGGER IF NOT EXISTS alert_episode_state_writes_update AFTER UPDATE ON main.alert_episodes
          WHEN OLD.alert_id IS NOT NEW.alert_id OR OLD.rule IS NOT NEW.rule OR OLD.key IS NOT NEW.key OR OLD.state IS NOT NEW.state
            OR OLD.clear_since IS NOT NEW.clear_since OR OLD.notify_due IS NOT NEW.notify_due OR OLD.last_notified_at IS NOT NEW.last_notified_at
            OR OLD.notifications IS NOT NEW.notifications OR OLD.acknowledged_at IS NOT NEW.acknowledged_at OR OLD.snoozed_until IS NOT NEW.snoozed_until
          BEGIN UPDATE alert_episode_writes SET n = n + 1; END;
        CREATE TEMP TRIGGER IF NOT EXISTS alert_episode_writes_delete AFTER DELETE ON main.alert_episodes BEGIN UPDATE alert_episode_writes SET n = n + 1; END;`);
      const read = db.prepare<[], number>('SELECT n FROM alert_episode_writes').pluck();
      writes = () => read.get() ?? 0;
    } catch {
      writes = null;
    }
    return writes;
  };
  /** How many episodes are open (read through the unique index of open keys). */
  const openCount = db.prepare<[], number>("SELECT COUNT(*) FROM alert_episodes WHERE state = 'open'").pluck();
  type Kept = { writes: number; version: number; open: number; rows: EpisodeState[] };
  let kept: Kept | null = null;
  /** Whether what was kept is still what openStates would read (the counter given: writesCounter's). */
  const holds = (k: Kept, counter: () => number): boolean => k.writes === counter() && k.version === dataVersion(db) && k.open === openCount.get();
  /**
   * The kept states with the episodes insertMany just opened, taken in by keepOpened once their
   * transaction has committed (a rolled-back one takes their number back, and a later insert could
   * bring it back to this figure: the last of them is looked up too, as what was never stored
   * must never be kept).
   */
  let opened: (Kept & { lastId: number; lastKey: string }) | null = null;
  const lastOpened = db.prepare<[number, string], number>("SELECT 1 FROM alert_episodes WHERE alert_id = ? AND key = ? AND state = 'open'").pluck();

  return {
    open: () => openRows.all(),
    openStates: () => openStates.all(),
    /**
     * The same, kept between calls while what it reads has not changed: no row deleted or changed
     * in a column it reads by this connection (whatever wrote it: counted by temp triggers), none
     * inserted open (their number) and no commit by another one (data_version). Read after every sync page, where most
     * pages change no episode's state. The rows are shared between calls: do not modify them.
     */
    openStatesKept(): readonly EpisodeState[] {
      const counter = writesCounter();
      if (!counter) return openStates.all();
      if (kept && holds(kept, counter)) return kept.rows;
      kept = { writes: counter(), version: dataVersion(db), open: openCount.get()!, rows: openStates.all() };
      return kept.rows;
    },
    /**
     * After the transaction in which insertMany opened episodes has committed: the kept states take
     * them in, so the next sync page does not read every open state again (a page that opens a
     * hundred episodes is followed by one that would). Call it right after the commit, never after
     * a rollback. Nothing is kept if anything else changed the states since, or if an outer
     * transaction is still open (it may yet roll back).
     */
    keepOpened(): void {
      const next = opened;
      opened = null;
      if (!next || db.inTransaction) return;
      // Right after the commit nothing else has written; a rollback would have taken the episodes
      // opened away again (their number back, and the last of them gone).
      if (writes && holds(next, writes) && lastOpened.get(next.lastId, next.lastKey) !== undefined) kept = next;
    },
    get: (id: number) => byId.get(id) ?? null,
    alert(id: number): Alert | null {
      const r = byId.get(id);
      return r ? toAlert(r, deliveriesOf.all(id)) : null;
    },
    /**
     * The alerts of these ids, in their order (null where there is none), as `alert` reads each:
     * in two queries however many there are (a page may open or resolve a hundred episodes, each
     * with a notice). `known`: alerts just written whose stored state the caller holds (the
     * episodes a reconcile opened, openedAlert), taken as they are rather than read back.
     */
    alerts(ids: readonly number[], known?: ReadonlyMap<number, Alert>): (Alert | null)[] {
      // Loops, not filter/map with callbacks: after a page that opens a hundred episodes every id is known.
      let unknown: readonly number[] = ids;
      if (known) {
        const rest: number[] = [];
        for (let i = 0; i < ids.length; i++) if (!known.has(ids[i]!)) rest.push(ids[i]!);
        unknown = rest;
      }
      if (!unknown.length) {
        const out = new Array<Alert>(ids.length);
        for (let i = 0; i < ids.length; i++) out[i] = known!.get(ids[i]!)!;
        return out;
      }
      const json = JSON.stringify(unknown);
      const deliveries = new Map<number, DeliveryRow[]>();
      for (const d of deliveriesOfIds.all(json)) {
        const list = deliveries.get(d.alert_id);
        if (list) list.push(d);
        else deliveries.set(d.alert_id, [d]);
      }
      const rows = new Map(byIds.all(json).map((r) => [r.alert_id, r]));
      return ids.map((id) => {
        const k = known?.get(id);
        if (k) return k;
        const r = rows.get(id);
        return r ? toAlert(r, deliveries.get(id) ?? []) : null;
      });
    },
    /**
     * Opens an episode. `notified`: its firing is told at once (as `notified(id, at, 'fired')`
     * would record it, in the same row write); otherwise the firing stays owed (quiet hours).
     */
    insert(f: OpenedFinding, at: number, opts: { notified?: boolean } = {}): number {
      return this.insertMany([{ f, notified: opts.notified ?? false }], at)[0]!.alert_id;
    },
    /**
     * Opens episodes (keys not open, each once) with their firings and their text; returns the rows
     * as stored, in order (a page may open a hundred episodes at once: what it tells of them needs
     * no read back, see openedAlert).
     */
    insertMany(items: readonly { f: OpenedFinding; notified: boolean }[], at: number): EpisodeRow[] {
      opened = null;
      const counter = items.length ? writesCounter() : null;
      const base = counter && kept && holds(kept, counter) ? kept : null;
      // One plain loop (a page may open a hundred episodes, in code not optimised yet): each finding's
      // text made once and read from the one object, the row's values passed as they are computed.
      const rows: EpisodeRow[] = new Array<EpisodeRow>(items.length);
      const states: EpisodeState[] | null = base ? new Array<EpisodeState>(items.length) : null;
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const f = item.f;
        const told = item.notified;
        const text: OpenedText = f instanceof DeferredFinding ? f.readText() : f;
        const numbers = JSON.stringify(f.numbers);
        const scope = scopeJson(f.scope);
        const subject = JSON.stringify(text.subject);
        const topCodes = JSON.stringify(text.topCodes);
        const detail = text.detail;
        const link = JSON.stringify(text.link);
        const notifyDue = told ? 0 : 1;
        const lastNotified = told ? at : null;
        const notifications = told ? 1 : 0;
        const id = Number(
          insertOne.run(f.rule, f.key, scope, subject, at, numbers, topCodes, detail, link, notifyDue, lastNotified, notifications).lastInsertRowid,
        );
        const row: EpisodeRow = {
          alert_id: id,
          rule: f.rule,
          key: f.key,
          scope,
          subject,
          state: 'open',
          started_at: at,
          resolved_at: null,
          clear_since: null,
          numbers,
          top_codes: topCodes,
          detail,
          link,
          notify_due: notifyDue,
          last_notified_at: lastNotified,
          notifications,
          acknowledged_at: null,
          snoozed_until: null,
        };
        openedFrom.set(row, f);
        rows[i] = row;
        if (states) states[i] = stateOf(row);
      }
      if (rows.length) {
        // Ids only grow (each insert takes the largest plus one), so those above the first are these.
        const first = rows[0]!.alert_id;
        const last = rows[rows.length - 1]!.alert_id;
        if (last - first + 1 !== rows.length) throw new Error(`episodes opened with ids ${first}…${last}, not ${rows.length} in a row`);
        firedRange.run(at, first, last);
      }
      if (base && states && counter && rows.length) {
        const last = rows[rows.length - 1]!;
        // Each insert above added one open episode (a failed one throws before this).
        opened = {
          writes: counter(),
          version: dataVersion(db),
          open: base.open + rows.length,
          rows: withOpened(base.rows, states),
          lastId: last.alert_id,
          lastKey: last.key,
        };
      }
      return rows;
    },
    /** Stores an open episode's latest numbers (unless `row`, as read, already holds them: most evaluations change nothing). */
    refresh(id: number, f: { numbers: object; topCodes: object; detail: string; link: object }, row?: EpisodeRow): void {
      const numbers = JSON.stringify(f.numbers);
      const topCodes = JSON.stringify(f.topCodes);
      const link = JSON.stringify(f.link);
      if (row && row.clear_since === null && row.numbers === numbers && row.top_codes === topCodes && row.detail === f.detail && row.link === link) return;
      refresh.run(numbers, topCodes, f.detail, link, id);
    },
    clearing: (id: number, at: number) => clearing.run(at, id),
    /** Resolves an open episode; its event carries the numbers stored last. */
    resolve(id: number, at: number): void {
      if (resolve.run(at, id).changes) eventAsStored.run(at, 'resolved', id);
    },
    notified(id: number, at: number, kind: 'fired' | 'repeated'): void {
      notified.run(at, id);
      if (kind === 'repeated') eventAsStored.run(at, 'repeated', id);
    },
    acknowledge: (id: number, at: number) => ack.run(at, id).changes > 0,
    snooze: (id: number, until: number | null) => snooze.run(until, id).changes > 0,
    addDelivery: (alertId: number, channel: string, kind: string, at: number) => Number(delivery.run(alertId, channel, kind, at).lastInsertRowid),
    updateDelivery: (deliveryId: number, status: string, attempts: number, error: string | null, at: number) =>
      deliveryUpdate.run(status, attempts, error, at, deliveryId),
    /**
     * How many episodes are open, and how many of them ask for attention (neither acknowledged nor
     * snoozed at `now`), as the counts statement reads them. Read after every sync page: where the
     * open states are kept (openStatesKept), counted from them, rather than looking every open
     * episode's row up in the table again (some 300 of them while a spike lasts).
     */
    counts(now: number): { open: number; attention: number } {
      if (!writesCounter()) return counts.get(now)!;
      const rows = this.openStatesKept();
      let attention = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (!muted(r, now)) attention++;
      }
      return { open: rows.length, attention };
    },
    inbox(q: InboxQuery, now: number): { items: Alert[]; total: number } {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const term = (sql: string, ...values: (string | number)[]) => {
        where.push(sql);
        args.push(...values);
      };
      if (q.state !== 'all') term('state = ?', q.state);
      if (q.rule) term('rule = ?', q.rule);
      if (q.app) term("json_extract(scope, '$.app') = ?", q.app);
      if (q.operator) term("json_extract(scope, '$.operator') = ?", q.operator);
      if (q.unacknowledged) term("acknowledged_at IS NULL AND state = 'open' AND (snoozed_until IS NULL OR snoozed_until <= ?)", now);
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total =
        (db
          .prepare(`SELECT COUNT(*) FROM alert_episodes ${w}`)
          .pluck()
          .get(...args) as number) ?? 0;
      const rows = db
        .prepare(`SELECT * FROM alert_episodes ${w} ORDER BY state = 'open' DESC, started_at DESC, alert_id DESC LIMIT ? OFFSET ?`)
        .all(...args, q.limit, q.offset) as EpisodeRow[];
      return { items: rows.map((r) => toAlert(r, deliveriesOf.all(r.alert_id))), total };
    },
    events(since: number): AlertEvent[] {
      return events.all(since).map((e) => ({
        at: e.at,
        kind: e.kind,
        alertId: e.alert_id,
        rule: e.rule,
        scope: JSON.parse(e.scope) as AlertScope,
        subject: JSON.parse(e.subject) as Record<string, string>,
        detail: e.detail,
        numbers: JSON.parse(e.numbers) as Numbers,
      }));
    },
  };
}
export type EpisodesRepo = ReturnType<typeof episodesRepo>;
