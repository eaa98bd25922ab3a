/**
 * The sync of the active workspace as the doors see it: at most one run at a time (a second
 * request joins the run in progress), cancel, status with online/offline and staleness,
 * background runs on the interval set in Settings, and the sync.progress / sync.state events.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { syncResources, type SyncResource, type SyncStatus, type SyncSummary } from '../../../../shared/contract/sync';
import type { Role } from '../../../../shared/platform/domain';
import { ServiceKey, type ServiceContext } from '../core/context';
import { roleAllows } from '../platform/roles';
import { settingsRepo } from '../settings/settings-repo';
import { syncStateRepo, type SyncErrorInfo } from '../store/sync-state-repo';
import { activeWorkspace, type ActiveWorkspace } from '../workspaces/active';
import { resourceOperation, runSync, type SyncRunOptions } from './engine';
import { ALIYUN_STATISTICS_RESOURCE, syncAliyunStatistics } from '../providers/aliyun/statistics-sync';
import { schemesRepo } from '../providers/schemes-repo';

/** Whether the workspace has a connection this session: our platform's client, or a provider's (Alibaba Cloud's SDK client). */
function connected(ws: ActiveWorkspace): boolean {
  return ws.platform !== null || !!ws.aliyun;
}

/** A provider that reports daily statistics (Alibaba Cloud): its one synced resource, shown as 'usage'. */
function statisticsProvider(ws: ActiveWorkspace): boolean {
  return ws.provider === 'aliyun-dypns';
}

export const SYNC_EXTENSION = new ServiceKey<SyncCoordinator>('sync');

/** Why a console does not sync a team store: the team's writer does, and who that is and how fresh. */
function teamSyncRefusal(team: NonNullable<SyncStatus['team']>, now: number): ApiError {
  const w = team.writer;
  const who = w
    ? `${w.name} (${w.alive ? w.state : 'not running'}, last report ${Math.round(Math.max(0, now - w.reportedAt) / 60_000)} min ago)`
    : 'none has reported yet';
  return new ApiError('CONFLICT', `this workspace is a team store, synced by the team's writer: ${who}; this console only reads it`, {
    detail: { writer: w?.name ?? null },
  });
}

/** How often the background timer looks whether a run is due (the interval itself is in Settings). */
/** Runs `work` with the sync held off when a sync coordinator runs in this host (not in one-shot CLI runs). */
export function withSyncHeld<T>(ctx: ServiceContext, work: () => Promise<T>): Promise<T> {
  const sync = ctx.extensions.get(SYNC_EXTENSION);
  return sync ? sync.exclusive(work) : work();
}

export const BACKGROUND_TICK_MS = 15_000;
/** The demo platform's background sync cadence (its emulator's traffic grows while the console runs). */
export const DEMO_SYNC_INTERVAL_MINUTES = 1;

interface Connectivity {
  online: boolean | null;
  offlineReason: SyncErrorInfo | null;
  lastContactAt: number | null;
}

interface Running {
  workspaceId: string;
  resources: SyncResource[];
  startedAt: number;
  abort: AbortController;
  done: Promise<SyncSummary>;
}

export interface SyncCoordinatorOptions {
  /** Page sizes and the like, for tests. */
  tuning?: Pick<SyncRunOptions, 'pageSizes'>;
  /** Told the role learned from the platform (the workspace registry remembers it). */
  onRole?: (workspaceId: string, role: Role) => void;
  /** Told when a run has ended (the alerts evaluate then, on their own turn of the event loop). */
  onRunEnded?: (workspaceId: string) => void;
}

export class SyncCoordinator {
  private running: Running | null = null;
  private readonly connectivity = new Map<string, Connectivity>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastBackgroundFailureAt = new Map<string, number>();
  /** Set while work that replaces or archives a store's records runs: no sync may write meanwhile. */
  private held = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly opts: SyncCoordinatorOptions = {},
  ) {}

  /** Runs a sync of the active workspace, or joins the one in progress. */
  run(resources?: readonly SyncResource[]): Promise<SyncSummary> {
    const ws = activeWorkspace(this.ctx);
    if (this.held)
      return Promise.reject(new ApiError('CONFLICT', 'a backup is being restored or records archived in this workspace; sync again when it is done'));
    if (ws.team) return Promise.reject(teamSyncRefusal(ws.team.teamState(), this.ctx.clock.now()));
    if (this.running && this.running.workspaceId === ws.id) return this.running.done;
    if (this.running) this.running.abort.abort();
    const client = ws.platform;
    if (statisticsProvider(ws) && ws.aliyun) return this.runStatistics(ws, ws.aliyun);
    if (!client) {
      this.setConnectivity(ws.id, false, { code: 'PLATFORM_UNREACHABLE', message: 'this workspace has no platform connection (secret key not available)' });
      return Promise.reject(
        new ApiError('PLATFORM_UNREACHABLE', 'this workspace has no platform connection: enter its secret key in Settings (working offline)'),
      );
    }
    const wanted = syncResources.filter((r) => !resources || resources.includes(r));
    const abort = new AbortController();
    const startedAt = this.ctx.clock.now();
    const done = runSync({
      db: ws.db,
      client,
      secrets: this.ctx.secrets,
      clock: this.ctx.clock,
      workspaceId: ws.id,
      resources: wanted,
      signal: abort.signal,
      role: null,
      ...(ws.refetch?.size ? { fresh: [...ws.refetch] } : {}),
      onResourceDone: (resource) => ws.refetch?.delete(resource),
      ...this.opts.tuning,
      onProgress: (p) => this.ctx.events.emit('sync.progress', p),
      onRole: (role) => {
        ws.role = role;
        this.opts.onRole?.(ws.id, role);
      },
      onContact: (reached, e) => this.setConnectivity(ws.id, reached, reached ? null : e ? { code: e.code, message: e.message } : null),
    }).finally(() => {
      if (this.running?.done === done) this.running = null;
      this.emitState();
      this.opts.onRunEnded?.(ws.id);
    });
    this.running = { workspaceId: ws.id, resources: wanted, startedAt, abort, done };
    this.emitState();
    return done;
  }

  /**
   * The sync of a provider that reports daily statistics: its statistics into the rollups (the
   * same run as `providers.sync`), reported as the 'usage' resource of the summary and progress.
   */
  private runStatistics(ws: ActiveWorkspace, client: NonNullable<ActiveWorkspace['aliyun']>): Promise<SyncSummary> {
    const abort = new AbortController();
    const startedAt = this.ctx.clock.now();
    const done = (async (): Promise<SyncSummary> => {
      const emit = (phase: 'start' | 'page' | 'done' | 'error', doneN: number, total: number | null, message?: string) =>
        this.ctx.events.emit('sync.progress', {
          workspaceId: ws.id,
          resource: 'usage',
          phase,
          done: doneN,
          total,
          rowsPerSec: 0,
          etaSeconds: null,
          ...(message ? { message } : {}),
        });
      emit('start', 0, null);
      try {
        const r = await syncAliyunStatistics(ws.db, client, {
          schemeCodes: schemesRepo(ws.db).codes(),
          now: this.ctx.clock.now(),
          signal: abort.signal,
          onProgress: (p) => emit('page', p.done, p.total),
        });
        this.setConnectivity(ws.id, true, null);
        emit('done', r.calls, r.calls);
        return {
          resources: { usage: { fetched: r.calls, written: r.rowsWritten, cursor: syncStateRepo(ws.db).get(ALIYUN_STATISTICS_RESOURCE)?.cursor ?? null } },
          durationMs: Math.max(0, this.ctx.clock.now() - startedAt),
          ok: true,
          cancelled: false,
        };
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
        const cancelled = abort.signal.aborted || err.code === 'CANCELLED';
        if (!cancelled) {
          this.setConnectivity(ws.id, false, { code: err.code, message: err.message });
          emit('error', 0, null, err.message);
        }
        return {
          resources: { usage: { fetched: 0, written: 0, cursor: null, ...(cancelled ? {} : { error: { code: err.code, message: err.message } }) } },
          durationMs: Math.max(0, this.ctx.clock.now() - startedAt),
          ok: false,
          cancelled,
        };
      }
    })().finally(() => {
      if (this.running?.done === done) this.running = null;
      this.emitState();
      this.opts.onRunEnded?.(ws.id);
    });
    this.running = { workspaceId: ws.id, resources: ['usage'], startedAt, abort, done };
    this.emitState();
    return done;
  }

  /**
   * Runs `work` with no sync writing: the running sync is stopped and awaited first, and runs
   * asked for meanwhile are refused (the background timer simply skips its turn).
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.held) throw new ApiError('CONFLICT', 'another restore or archive is running in this workspace');
    this.held = true;
    try {
      const r = this.running;
      if (r) {
        r.abort.abort();
        await r.done.catch(() => undefined);
      }
      return await work();
    } finally {
      this.held = false;
      this.emitState();
    }
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort.abort();
    return true;
  }

  /**
   * The active workspace changed: stop what ran for the previous one and, in a live console (the
   * background timer runs and Settings has an interval), sync the new one at once, so a switch
   * shows that workspace's data as it is now rather than as it was. With background sync off the
   * status still says how old the data is, and the header offers "Sync now".
   */
  workspaceSwitched(): void {
    const ws = activeWorkspace(this.ctx);
    if (this.running && this.running.workspaceId !== ws.id) this.running.abort.abort();
    this.emitState();
    if (this.timer && connected(ws) && this.intervalMinutes(ws) > 0 && this.running?.workspaceId !== ws.id) {
      this.run().catch(() => undefined);
    }
  }

  status(): SyncStatus {
    const ws = activeWorkspace(this.ctx);
    const now = this.ctx.clock.now();
    const stats = statisticsProvider(ws);
    const rows = new Map(
      syncStateRepo(ws.db)
        .all()
        // A statistics provider's one resource stands as 'usage'; it has none of the others.
        .map((r) => [stats && r.resource === ALIYUN_STATISTICS_RESOURCE ? 'usage' : r.resource, r]),
    );
    const resources = syncResources.map((resource) => {
      const r = rows.get(resource);
      const cursor = r?.cursor ?? null;
      return {
        resource,
        cursor: cursor === null || cursor === '' ? null : resource === 'apps' || resource === 'activities' || resource === 'records' ? Number(cursor) : cursor,
        rows: r?.rows ?? 0,
        lastAttemptAt: r?.lastAttemptAt ?? null,
        lastSuccessAt: r?.lastSuccessAt ?? null,
        lastError: r?.lastError ?? null,
        readable: stats ? resource === 'usage' : ws.role === null || roleAllows(ws.role, resourceOperation[resource]),
      };
    });
    const successes = resources.filter((r) => r.readable).map((r) => r.lastSuccessAt);
    const dataAsOf = successes.length && successes.every((s) => s !== null) ? Math.min(...(successes as number[])) : null;
    const conn = this.connectivityOf(ws);
    const interval = this.intervalMinutes(ws);
    const last = Math.max(0, ...resources.map((r) => r.lastAttemptAt ?? 0));
    return {
      workspaceId: ws.id,
      running: this.running?.workspaceId === ws.id,
      current: this.running?.workspaceId === ws.id ? { resources: this.running.resources, startedAt: this.running.startedAt } : null,
      connected: connected(ws),
      online: conn.online,
      offlineReason: conn.offlineReason,
      lastContactAt: conn.lastContactAt,
      dataAsOf,
      staleMs: dataAsOf === null ? null : Math.max(0, now - dataAsOf),
      intervalMinutes: interval,
      nextRunAt: interval > 0 && connected(ws) ? (last ? last + interval * 60_000 : now) : null,
      resources,
      team: ws.team?.teamState() ?? null,
    };
  }

  /** Starts the background timer: a run whenever the Settings interval has passed since the last attempt. */
  startBackground(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.backgroundTick(), BACKGROUND_TICK_MS);
    this.timer.unref?.();
    void this.backgroundTick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const r = this.running;
    if (r) {
      r.abort.abort();
      await r.done.catch(() => undefined);
    }
  }

  /** One look at whether a background run is due; exported for tests through the class. */
  async backgroundTick(): Promise<void> {
    try {
      if (this.running || this.held) return;
      const s = this.status();
      if (s.nextRunAt === null || s.nextRunAt > this.ctx.clock.now()) return;
      // After a failed background run, wait a full interval rather than hammering a platform that is down.
      const failedAt = this.lastBackgroundFailureAt.get(s.workspaceId) ?? 0;
      if (this.ctx.clock.now() - failedAt < s.intervalMinutes * 60_000) return;
      const summary = await this.run();
      if (!summary.ok) this.lastBackgroundFailureAt.set(s.workspaceId, this.ctx.clock.now());
    } catch {
      // Background runs report through sync.state / sync_state; nothing to throw to.
    }
  }

  /**
   * Minutes between background runs: the Settings interval; on the demo platform, whose emulator
   * keeps producing traffic, at most DEMO_SYNC_INTERVAL_MINUTES so its dashboard moves (a run
   * there fetches only what is new, from this process: cheap). Background sync turned off stays off.
   */
  private intervalMinutes(ws: ActiveWorkspace): number {
    let minutes: number;
    try {
      minutes = settingsRepo(this.ctx.consoleDb).read().syncIntervalMinutes;
    } catch {
      return 0;
    }
    const liveDemo = ws.kind === 'demo' && !statisticsProvider(ws);
    return liveDemo && minutes > 0 ? Math.min(minutes, DEMO_SYNC_INTERVAL_MINUTES) : minutes;
  }

  private connectivityOf(ws: ActiveWorkspace): Connectivity {
    // A team store was reached when its working copy was loaded and is looked at on every poll.
    if (ws.team) return { online: true, offlineReason: null, lastContactAt: ws.team.teamState().checkedAt };
    if (!connected(ws)) {
      return {
        online: false,
        offlineReason: { code: 'PLATFORM_UNREACHABLE', message: 'no platform connection: the secret key is not available in this session' },
        lastContactAt: null,
      };
    }
    return this.connectivity.get(ws.id) ?? { online: null, offlineReason: null, lastContactAt: null };
  }

  private setConnectivity(workspaceId: string, reached: boolean, reason: SyncErrorInfo | null): void {
    const before = this.connectivity.get(workspaceId);
    const next: Connectivity = reached
      ? { online: true, offlineReason: null, lastContactAt: this.ctx.clock.now() }
      : { online: false, offlineReason: reason, lastContactAt: before?.lastContactAt ?? null };
    this.connectivity.set(workspaceId, next);
    if (before?.online !== next.online) this.emitState();
  }

  emitState(): void {
    try {
      this.ctx.events.emit('sync.state', this.status());
    } catch {
      // No active workspace yet (boot in progress): nothing to report.
    }
  }
}
