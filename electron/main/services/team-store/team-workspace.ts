/**
 * A console's workspace on a team store: the store opened as a reader, its workspace tables in an
 * in-memory working copy (the same workspace-snapshot path as the CLI's --store), raw records read
 * in PostgreSQL, and what the console keeps of its own (alert rules and episodes …) in a small local
 * file every working copy attaches (local-state.ts). The console never syncs it: it polls the
 * writer's report and the resources' freshness (two small queries) and loads a new working copy
 * when the writer has stored more.
 */
import type { SyncStatus } from '../../../../shared/contract/sync';
import type { Clock } from '../core/clock';
import type { Db } from '../db/open';
import { openWorkingCopy, prepareLocalState } from './local-state';
import { PgStore, type WriterStatus } from './pg-store';
import { loadWorkspaceSnapshot } from './workspace-snapshot';
import type pg from 'pg';

export type TeamStoreState = NonNullable<SyncStatus['team']>;

/** How often the writer's report and the freshness are read. */
export const TEAM_POLL_MS = 10_000;
/** While the writer is mid-run, a new working copy at most this often (its rollups move every page). */
export const TEAM_RELOAD_WHILE_SYNCING_MS = 60_000;
/** A replaced working copy stays open this long, for a call that read it before the swap and is still answering. */
const RETIRE_MS = 30_000;

export interface TeamWorkspaceOptions {
  config: pg.ClientConfig;
  /** Without anything secret (postgresql://user@host:port/db). */
  display: string;
  applicationName: string;
  /** The console's own state of this workspace (local-state.ts): a SQLite file, created if missing. */
  localFile: string;
  clock: Clock;
  /** A new working copy replaces `db` (the registry points the workspace at it). */
  onReload: (db: Db) => void;
  /** The writer's report or the freshness changed (the sync status is pushed again). */
  onChange: () => void;
  pollMs?: number;
  reloadWhileSyncingMs?: number;
}

/** The report shown for the team: the writer holding a lock now, else the one that reported last. */
function mainWriter(writers: readonly WriterStatus[]): TeamStoreState['writer'] {
  const w = writers.find((x) => x.holding.length > 0) ?? writers[0];
  if (!w) return null;
  return {
    name: w.writer,
    state: w.state,
    resource: w.resource,
    done: w.done,
    alive: w.holding.length > 0,
    reportedAt: w.updatedAt,
    nextRunAt: w.nextRunAt,
  };
}

export class TeamWorkspace {
  private timer: ReturnType<typeof setInterval> | null = null;
  private polling = false;
  private closed = false;
  private dataMark = '';
  private writerMark = '';
  private lastReload = 0;
  private state: TeamStoreState;
  private readonly retired = new Map<ReturnType<typeof setTimeout>, Db>();

  private constructor(
    readonly store: PgStore,
    public db: Db,
    private readonly opts: TeamWorkspaceOptions,
  ) {
    this.state = { store: opts.display, writer: null, checkedAt: opts.clock.now() };
  }

  /** Opens the store as a reader (its schema must be this console's) and loads the first working copy. */
  static async open(opts: TeamWorkspaceOptions): Promise<TeamWorkspace> {
    const store = await PgStore.open({ config: opts.config, migrate: false, applicationName: opts.applicationName });
    let db: Db | null = null;
    try {
      prepareLocalState(opts.localFile);
      db = await TeamWorkspace.workingCopy(store, opts.localFile, opts.clock.now());
      const team = new TeamWorkspace(store, db, opts);
      team.dataMark = await team.look();
      team.lastReload = opts.clock.now();
      return team;
    } catch (e) {
      db?.close();
      await store.close();
      throw e;
    }
  }

  private static async workingCopy(store: PgStore, localFile: string, now: number): Promise<Db> {
    const db = openWorkingCopy(localFile);
    try {
      await loadWorkspaceSnapshot(store, db, now);
      return db;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  teamState(): TeamStoreState {
    return this.state;
  }

  /** Starts polling (the registry does while the workspace is open). */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.poll().catch(() => undefined), this.opts.pollMs ?? TEAM_POLL_MS);
    this.timer.unref?.();
  }

  /**
   * One look at the store: the writer's report and the resources' freshness; a new working copy
   * when the writer stored more since the last one (at most every TEAM_RELOAD_WHILE_SYNCING_MS
   * while it is still running). Returns whether a new working copy was loaded.
   */
  async poll(): Promise<boolean> {
    if (this.polling || this.closed) return false;
    this.polling = true;
    try {
      const mark = await this.look();
      if (mark === this.dataMark) return false;
      const syncing = this.state.writer?.state === 'syncing' && this.state.writer.alive;
      const now = this.opts.clock.now();
      if (syncing && now - this.lastReload < (this.opts.reloadWhileSyncingMs ?? TEAM_RELOAD_WHILE_SYNCING_MS)) return false;
      const db = await TeamWorkspace.workingCopy(this.store, this.opts.localFile, now);
      if (this.closed) {
        db.close();
        return false;
      }
      const old = this.db;
      // What this console keeps of its own (alert rules, episodes …) is in the local file both copies attach.
      this.db = db;
      this.dataMark = mark;
      this.lastReload = now;
      this.opts.onReload(db);
      this.retire(old);
      this.opts.onChange();
      return true;
    } finally {
      this.polling = false;
    }
  }

  /** Reads the writer's report and the freshness; returns the mark of the stored data (changes when the writer stores more). */
  private async look(): Promise<string> {
    const [writers, states] = await Promise.all([this.store.writerStatuses(), this.store.syncStates()]);
    const first = this.writerMark === '';
    this.state = { store: this.opts.display, writer: mainWriter(writers), checkedAt: this.opts.clock.now() };
    const writerMark = JSON.stringify(this.state.writer);
    if (writerMark !== this.writerMark) {
      this.writerMark = writerMark;
      if (!first) this.opts.onChange();
    }
    return JSON.stringify(states.map((s) => [s.resource, s.cursor, s.rows, s.lastSuccessAt]));
  }

  private retire(db: Db): void {
    const t = setTimeout(() => {
      this.retired.delete(t);
      db.close();
    }, RETIRE_MS);
    t.unref?.();
    this.retired.set(t, db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const [t, db] of this.retired) {
      clearTimeout(t);
      db.close();
    }
    this.retired.clear();
    try {
      this.db.close();
    } catch {
      // already closed
    }
    await this.store.close();
  }
}
