/**
 * The workspaces of this console: the demo (an in-process emulator) and saved platform
 * connections, each with its own SQLite file; plus, for one session, a connection given by
 * flags or environment. Keeps the active one open with its platform client, and is the
 * WorkspaceRegistry the rest of the services reach through `activeWorkspace(ctx)`.
 *
 * Secret keys: sealed with the secret store when it can persist (Electron safeStorage), else
 * kept in this process's memory only — never written in plain text, never logged.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { SyncResource } from '../../../../shared/contract/sync';
import type { DemoRole, TeamStoreTestResult, Workspace, WorkspacesList, WorkspaceTestResult } from '../../../../shared/contract/workspaces';
import type { TeamWorkspace } from '../team-store/team-workspace';
import { WORKSPACE_NOT_SYNCED } from '../../../../shared/contract/providers';
import type { Role } from '../../../../shared/platform/domain';
import type { ServiceContext } from '../core/context';
import type { Db } from '../db/open';
import type { PlatformClient } from '../platform/client-types';
import { createPlatformClient, normaliseEndpoint, type HttpPlatformClient, type PlatformConnection } from '../platform/http-client';
import type { RetryPolicy } from '../platform/retry';
import { metaRepo } from '../store/meta-repo';
import type { ActiveWorkspace, WorkspaceRegistry } from './active';
import { testConnection } from './connection-test';
import { DEMO_SMALL_RESOURCES, demoParamsFor, demoRecordsConsistent, isEmptyWorkspace, storedDemoParams, type DemoEmulator, type DemoStarter } from './demo';
import { openWorkspaceDatabase } from './open-workspace-db';
import { workspacesRepo, type WorkspaceRow } from './workspaces-repo';
import type { Provider } from '../../../../shared/providers/capabilities';
import { providerCapabilities } from '../../../../shared/providers/capabilities';
import { unreadWorkspace, workspaceMonth, type WorkspaceOverviewItem } from '../providers/overview';
import { AliyunDypnsClient, DEFAULT_ALIYUN_ENDPOINT, normaliseAliyunEndpoint, type AliyunConnection } from '../providers/aliyun/client';
import { schemesRepo } from '../providers/schemes-repo';
import { workspaceBook } from '../billing/statistics-source';
import { forgetWorkspaceBooks } from '../billing/book-catalog';

import { DEMO_ALIYUN_ID, DEMO_ALIYUN_NAME, DEMO_ID, DEMO_NAME, SESSION_ID } from './demo-ids';
export { DEMO_ALIYUN_ID, DEMO_ALIYUN_NAME, DEMO_ID, DEMO_NAME, SESSION_ID } from './demo-ids';

export interface WorkspaceManagerOptions {
  startDemo: DemoStarter;
  /** Connection from flags or environment, for this session only. */
  connection?: PlatformConnection;
  /** Workspace database file from --db, for this session only. */
  dbFile?: string;
  /** Client tuning (tests): timeouts and retries. */
  client?: { timeoutMs?: number; retry?: Partial<RetryPolicy> };
  nativeBinding?: string;
}

interface Slot {
  row: WorkspaceRow;
  /** Not in the console database (flags / --db for this session). */
  session: boolean;
  fromFlags: boolean;
  open: ActiveWorkspace | null;
  /** Where the demo emulator of this slot listens, once started. */
  demoUrl?: string;
  /** A team store's reader (kind 'team'), while open. */
  team?: TeamWorkspace;
}

/** What a team store connection is made of, as the console form gives it. */
export interface TeamStoreInput {
  url: string;
  sslMode?: string | undefined;
  caFile?: string | undefined;
  password?: string | undefined;
}

/** The team-store modules (and the PostgreSQL client) are loaded when a team workspace is opened or tested, not at boot. */
async function teamStoreModules() {
  const [connection, teamWorkspace, probe] = await Promise.all([
    import('../team-store/connection'),
    import('../team-store/team-workspace'),
    import('../team-store/store-probe'),
  ]);
  return { ...connection, ...teamWorkspace, ...probe };
}

const TEAM_FORM = { label: 'url', field: 'url' };

/** Closes the keep-alive connections of a client this registry made. */
function closeClient(client: PlatformClient | null): void {
  (client as Partial<HttpPlatformClient> | null)?.close?.();
}

function newId(): string {
  return `ws_${randomBytes(9).toString('base64url')}`;
}

export class WorkspaceManager implements WorkspaceRegistry {
  private readonly repo;
  private readonly slots = new Map<string, Slot>();
  /** Secret keys given in this session (flags, or any secret when the store cannot persist). */
  private readonly sessionSecrets = new Map<string, string>();
  private activeId = DEMO_ID;
  /** Running demo emulators by their parameters (the managed demo and a --db demo file may differ). */
  private readonly demos = new Map<string, Promise<DemoEmulator>>();
  /** Told when the active workspace changed (the sync coordinator stops the old one's run). */
  onSwitch: (() => void) | null = null;
  /** Told when a team store's writer report or data changed (the sync status is pushed again). */
  onTeamChanged: (() => void) | null = null;
  /** Told when the active team workspace has a new working copy with the writer's new data (the alert rules evaluate). */
  onTeamData: (() => void) | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly opts: WorkspaceManagerOptions,
  ) {
    this.repo = workspacesRepo(ctx.consoleDb);
  }

  private get dir(): string {
    return join(this.ctx.dataDir, 'workspaces');
  }

  /** Loads the saved workspaces, applies --db / connection flags, opens the active one. */
  async init(): Promise<void> {
    const now = this.ctx.clock.now();
    if (!this.repo.get(DEMO_ID)) {
      this.repo.insert({
        id: DEMO_ID,
        name: DEMO_NAME,
        kind: 'demo',
        provider: 'onetap',
        protocol: null,
        region: null,
        endpoint: null,
        accessKey: null,
        secretSealed: null,
        dbFile: 'demo.db',
        createdAt: now,
        updatedAt: now,
      });
    }
    if (!this.repo.get(DEMO_ALIYUN_ID)) {
      this.repo.insert({
        id: DEMO_ALIYUN_ID,
        name: DEMO_ALIYUN_NAME,
        kind: 'demo',
        provider: 'aliyun-dypns',
        protocol: 'http',
        region: null,
        endpoint: null,
        accessKey: null,
        secretSealed: null,
        dbFile: 'demo-aliyun.db',
        createdAt: now + 1,
        updatedAt: now + 1,
      });
    }
    for (const row of this.repo.all()) this.slots.set(row.id, { row, session: false, fromFlags: false, open: null });
    const saved = this.repo.activeId();
    let active = saved && this.slots.has(saved) ? saved : DEMO_ID;

    const { connection, dbFile } = this.opts;
    if (connection) {
      const endpoint = normaliseEndpoint(connection.endpoint);
      if (dbFile) {
        this.slots.set(SESSION_ID, this.sessionSlot('remote', endpoint, connection.accessKey, dbFile, true));
        this.sessionSecrets.set(SESSION_ID, connection.secretKey);
        active = SESSION_ID;
      } else {
        // The same connection as a saved workspace uses that workspace's data; else a new one is saved (without the secret).
        let row = this.repo.findConnection(endpoint, connection.accessKey);
        if (!row) {
          row = this.newRemoteRow(this.defaultName(endpoint, connection.accessKey), endpoint, connection.accessKey, null, now);
          this.repo.insert(row);
        }
        this.slots.set(row.id, { row, session: false, fromFlags: true, open: null });
        this.sessionSecrets.set(row.id, connection.secretKey);
        active = row.id;
      }
    } else if (dbFile) {
      // A database file without a connection: the saved active connection if it can be used here, else the demo.
      const base = this.slots.get(active)!.row;
      const usable = base.kind === 'remote' && this.secretOf(base) !== null;
      this.slots.set(SESSION_ID, this.sessionSlot(usable ? 'remote' : 'demo', base.endpoint, base.accessKey, dbFile, false));
      if (usable) this.sessionSecrets.set(SESSION_ID, this.secretOf(base)!);
      active = SESSION_ID;
    }
    try {
      await this.openSlot(this.slots.get(active)!);
    } catch (e) {
      // A team store that cannot be reached now must not keep the console from starting: the demo opens instead.
      if (this.slots.get(active)!.row.kind !== 'team') throw e;
      active = DEMO_ID;
      await this.openSlot(this.slots.get(active)!);
    }
    this.activeId = active;
  }

  private sessionSlot(kind: 'demo' | 'remote', endpoint: string | null, accessKey: string | null, dbFile: string, fromFlags: boolean): Slot {
    const now = this.ctx.clock.now();
    const name = kind === 'demo' ? `${DEMO_NAME} (${dbFile})` : `${this.defaultName(endpoint ?? '', accessKey ?? '')} (${dbFile})`;
    return {
      row: {
        id: SESSION_ID,
        name,
        kind,
        provider: 'onetap',
        protocol: null,
        region: null,
        endpoint,
        accessKey,
        secretSealed: null,
        dbFile: resolve(dbFile),
        createdAt: now,
        updatedAt: now,
      },
      session: true,
      fromFlags,
      open: null,
    };
  }

  private defaultName(endpoint: string, accessKey: string): string {
    let host = endpoint;
    try {
      host = new URL(endpoint).host;
    } catch {
      // keep the text as given
    }
    return `${host} · ${accessKey}`.slice(0, 60);
  }

  private newRemoteRow(
    name: string,
    endpoint: string,
    accessKey: string,
    secretKey: string | null,
    now: number,
    provider: { provider: Provider; protocol: 'http' | 'https' | null; region: string | null } = { provider: 'onetap', protocol: null, region: null },
  ): WorkspaceRow {
    const id = newId();
    return {
      id,
      name,
      kind: 'remote',
      ...provider,
      endpoint,
      accessKey,
      secretSealed: secretKey !== null && this.ctx.secrets.persistent ? this.ctx.secrets.seal(secretKey) : null,
      dbFile: `${id}.db`,
      createdAt: now,
      updatedAt: now,
    };
  }

  private dbPath(row: WorkspaceRow): string {
    return resolve(this.dir, row.dbFile);
  }

  private secretOf(row: WorkspaceRow): string | null {
    const s = this.sessionSecrets.get(row.id);
    if (s !== undefined) return s;
    if (!row.secretSealed) return null;
    try {
      return this.ctx.secrets.unseal(row.secretSealed);
    } catch {
      // Sealed by a keychain this process cannot open (browser/CLI mode, another OS user).
      return null;
    }
  }

  /**
   * The platform key pair of a workspace, when this session holds its secret; for services that
   * derive keys from it (export manifest signing). Never logged, never returned over a door.
   */
  platformSecret(id: string): { accessKey: string; secretKey: string } | null {
    const slot = this.slots.get(id);
    if (!slot?.row.accessKey) return null;
    const secretKey = this.secretOf(slot.row);
    return secretKey === null ? null : { accessKey: slot.row.accessKey, secretKey };
  }

  private makeClient(conn: PlatformConnection, quick = false): HttpPlatformClient {
    const tuning = this.opts.client ?? {};
    return createPlatformClient({
      ...conn,
      clock: this.ctx.clock,
      ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : quick ? { timeoutMs: 10_000 } : {}),
      // "Test connection" answers within seconds: fewer, shorter tries than a sync.
      retry: quick ? { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000, ...tuning.retry } : { ...tuning.retry },
      // A sync's pages are fetched and checked on the other core while this thread commits.
      pageWorker: !quick,
    });
  }

  private makeAliyunClient(conn: AliyunConnection): AliyunDypnsClient {
    const tuning = this.opts.client ?? {};
    return new AliyunDypnsClient(conn, { ...(tuning.retry ? { retry: tuning.retry } : {}) });
  }

  private startDemo(db: Db): Promise<DemoEmulator> {
    const params = demoParamsFor(db, this.ctx.clock.now());
    const key = `${params.seed}|${params.start}`;
    let demo = this.demos.get(key);
    if (!demo) {
      demo = this.opts.startDemo({ ...params, now: () => this.ctx.clock.now() });
      this.demos.set(key, demo);
      demo.catch(() => this.demos.delete(key));
    }
    return demo;
  }

  private openDb(file: string): Db {
    return openWorkspaceDatabase(file, this.opts.nativeBinding);
  }

  /** Opens the slot's database and connects its platform client. */
  private async openSlot(slot: Slot): Promise<ActiveWorkspace> {
    if (slot.open) return slot.open;
    if (slot.row.kind === 'team') return this.openTeamSlot(slot);
    const file = slot.session ? slot.row.dbFile : this.dbPath(slot.row);
    const db = this.openDb(file);
    let platform: PlatformClient | null = null;
    let accessKey = slot.row.accessKey;
    let demoUrl: string | null = null;
    let refetch: Set<SyncResource> | undefined;
    let aliyun: AliyunDypnsClient | null = null;
    let demoReviewer: ActiveWorkspace['demoReviewer'];
    const provider = slot.row.provider;
    try {
      if (provider === 'aliyun-dypns') {
        if (slot.row.kind === 'demo') {
          const demo = (await this.startDemo(db)).aliyun;
          if (!demo) throw new ApiError('PLATFORM_UNREACHABLE', 'the demo emulator has no Alibaba Cloud face');
          aliyun = this.makeAliyunClient({ endpoint: demo.endpoint, protocol: 'http', accessKeyId: demo.accessKeyId, accessKeySecret: demo.accessKeySecret });
          accessKey = demo.accessKeyId;
          demoUrl = `http://${demo.endpoint}`;
          const schemes = schemesRepo(db);
          const at = this.ctx.clock.now();
          for (const sc of demo.schemes) schemes.add({ code: sc.code, name: sc.name, appName: sc.appName, osType: sc.osType, origin: 'added', addedAt: at });
        } else {
          const secret = this.secretOf(slot.row);
          if (secret !== null && slot.row.endpoint && slot.row.accessKey) {
            aliyun = this.makeAliyunClient({
              endpoint: slot.row.endpoint,
              protocol: slot.row.protocol ?? 'https',
              accessKeyId: slot.row.accessKey,
              accessKeySecret: secret,
              ...(slot.row.region ? { regionId: slot.row.region } : {}),
            });
          }
        }
      } else if (slot.row.kind === 'demo') {
        const params = storedDemoParams(db);
        if (slot.session && !params && !isEmptyWorkspace(db)) {
          throw new ApiError(
            'INVALID_INPUT',
            `${file} was not synced from the demo: give --endpoint, --access-key and --secret-key (or ONETAP_*) for its platform`,
          );
        }
        const demo = await this.startDemo(db);
        demoUrl = demo.url;
        platform = this.makeClient({ endpoint: demo.url, accessKey: demo.accessKey, secretKey: demo.secretKey });
        accessKey = demo.accessKey;
        // The demo's reviewer (审核员（演示）): its key stays in this connection, in memory, and is never listed.
        if (demo.reviewer) demoReviewer = { platform: this.makeClient({ endpoint: demo.url, ...demo.reviewer }, true), acting: false };
        // A demo copy is only a cache of the emulator: what no longer matches is fetched again
        // by the next sync, which replaces the old copy in the same transaction as the new one.
        refetch = new Set<SyncResource>(DEMO_SMALL_RESOURCES);
        const consistent = await demoRecordsConsistent(db, platform).catch(() => false);
        if (!consistent) refetch.add('records');
      } else {
        const secret = this.secretOf(slot.row);
        if (secret !== null && slot.row.endpoint && slot.row.accessKey) {
          platform = this.makeClient({ endpoint: slot.row.endpoint, accessKey: slot.row.accessKey, secretKey: secret });
        }
      }
    } catch (e) {
      db.close();
      throw e;
    }
    const known = metaRepo(db).get<{ accessKey: string; role: Role }>('whoami');
    if (demoUrl) slot.demoUrl = demoUrl;
    slot.open = {
      id: slot.row.id,
      name: slot.row.name,
      kind: slot.row.kind,
      db,
      accessKey,
      role: known && known.accessKey === accessKey ? known.role : null,
      platform,
      ...(refetch ? { refetch } : {}),
      provider,
      aliyun,
      ...(demoReviewer ? { demoReviewer } : {}),
    };
    return slot.open;
  }

  /**
   * A team store, opened as a reader: the working copy loaded, raw records read in PostgreSQL,
   * the writer's report polled. No platform connection: the team's writer syncs it.
   */
  private async openTeamSlot(slot: Slot): Promise<ActiveWorkspace> {
    const m = await teamStoreModules();
    const conn = m.storeConnection(slot.row.endpoint ?? '', { password: this.secretOf(slot.row) ?? undefined, env: {}, source: TEAM_FORM });
    let team: TeamWorkspace;
    try {
      team = await m.TeamWorkspace.open({
        config: conn.config,
        display: conn.display,
        applicationName: `onetap console (${hostname()} pid ${process.pid})`,
        localFile: this.dbPath(slot.row),
        clock: this.ctx.clock,
        onReload: (db) => {
          if (slot.open) slot.open.db = db;
          if (slot.row.id === this.activeId) this.onTeamData?.();
        },
        onChange: () => {
          if (slot.row.id === this.activeId) this.onTeamChanged?.();
        },
      });
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('PLATFORM_UNREACHABLE', `team store ${conn.display}: ${e instanceof Error ? e.message : String(e)}`);
    }
    slot.team = team;
    slot.open = {
      id: slot.row.id,
      name: slot.row.name,
      kind: 'team',
      db: team.db,
      accessKey: slot.row.accessKey,
      role: null,
      platform: null,
      provider: slot.row.provider,
      aliyun: null,
      teamStore: team.store,
      team,
    };
    team.start();
    return slot.open;
  }

  private async closeTeam(slot: Slot): Promise<void> {
    const team = slot.team;
    slot.team = undefined;
    slot.open = null;
    await team?.close().catch(() => undefined);
  }

  /** The writer's report and freshness of a team workspace, read now (tests; the timer does it in a console). */
  async pollTeam(id: string): Promise<boolean> {
    return (await this.slotOf(id).team?.poll()) ?? false;
  }

  async addTeamStore(input: TeamStoreInput & { name: string; activate: boolean }): Promise<Workspace> {
    const m = await teamStoreModules();
    const url = m.withTlsOptions(input.url, input);
    // Parsed (and the CA file read) now, so a bad URL or option is refused before anything is saved.
    const conn = m.storeConnection(url, { password: input.password, env: {}, source: TEAM_FORM });
    const now = this.ctx.clock.now();
    const id = newId();
    const row: WorkspaceRow = {
      id,
      name: input.name,
      kind: 'team',
      provider: 'onetap',
      protocol: null,
      region: null,
      endpoint: url,
      accessKey: String(conn.config.user ?? ''),
      secretSealed: null,
      // The console's own state of the workspace (alert episodes …), never the team's data (team-store/local-state.ts).
      dbFile: `${id}.team`,
      createdAt: now,
      updatedAt: now,
    };
    if (input.password !== undefined) this.saveSecret(row, input.password);
    this.repo.insert(row);
    const slot: Slot = { row, session: false, fromFlags: false, open: null };
    this.slots.set(row.id, slot);
    if (input.activate) {
      try {
        await this.activate(row.id);
      } catch (e) {
        // Saved all the same (the store may be down now); the error says why it did not open.
        this.changed();
        throw e;
      }
    } else this.changed();
    return this.toWorkspace(slot);
  }

  /** "Test connection" of a team store, saved (fields given here replace its saved ones) or given. */
  async testTeamStore(input: Partial<TeamStoreInput> & { id?: string | undefined }): Promise<TeamStoreTestResult> {
    const m = await teamStoreModules();
    let url: string;
    let password = input.password;
    if (input.id !== undefined) {
      const slot = this.slotOf(input.id);
      if (slot.row.kind !== 'team') throw new ApiError('UNSUPPORTED', 'not a team store workspace: test it with workspaces.test');
      url = slot.row.endpoint ?? '';
      password ??= this.secretOf(slot.row) ?? undefined;
    } else url = m.withTlsOptions(input.url ?? '', input);
    const conn = m.storeConnection(url, { password, env: {}, source: TEAM_FORM });
    return m.probeTeamStore(conn.config, this.ctx.clock);
  }

  async demoEmulatorUrl(): Promise<string> {
    const slot = this.slots.get(DEMO_ID);
    if (!slot) throw new ApiError('UNSUPPORTED', 'there is no demo workspace');
    if (slot.open) return (await this.startDemo(slot.open.db)).url;
    // The demo's parameters live in its database: read them, start (or reuse) its emulator, close again.
    const db = this.openDb(this.dbPath(slot.row));
    try {
      return (await this.startDemo(db)).url;
    } finally {
      db.close();
    }
  }

  active(): ActiveWorkspace {
    const slot = this.slots.get(this.activeId);
    if (!slot?.open) throw new ApiError('INTERNAL', 'the workspaces are still starting');
    return slot.open;
  }

  /** The role learned from the platform: kept with the workspace's data for the next launch. */
  rememberRole(id: string, role: Role): void {
    const ws = this.slots.get(id)?.open;
    if (!ws || !ws.accessKey) return;
    const changed = ws.role !== role;
    ws.role = role;
    metaRepo(ws.db).put('whoami', { accessKey: ws.accessKey, role }, this.ctx.clock.now());
    if (changed) this.changed();
  }

  private toWorkspace(slot: Slot): Workspace {
    const { row } = slot;
    const open = slot.open;
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      provider: row.provider,
      capabilities: providerCapabilities[row.provider],
      protocol: row.protocol,
      endpoint: row.kind === 'demo' ? (slot.demoUrl ?? null) : row.endpoint,
      accessKey: open?.accessKey ?? row.accessKey,
      active: row.id === this.activeId,
      secretStored: row.kind === 'demo' || row.secretSealed !== null,
      secretAvailable: row.kind === 'demo' || this.secretOf(row) !== null,
      role: open?.role ?? null,
      fromFlags: slot.fromFlags,
      demoRole: open?.demoReviewer ? (open.demoReviewer.acting ? 'reviewer' : 'admin') : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  list(): WorkspacesList {
    const items = [...this.slots.values()].map((s) => this.toWorkspace(s));
    items.sort((a, b) => (a.kind === b.kind ? a.createdAt - b.createdAt : a.kind === 'demo' ? -1 : 1));
    const s = this.ctx.secrets;
    return { items, activeId: this.activeId, secretStorage: { kind: s.kind, persistent: s.persistent, warning: s.warning } };
  }

  private changed(): void {
    this.ctx.events.emit('workspaces.changed', this.list());
  }

  private slotOf(id: string): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new ApiError('NOT_FOUND', `no workspace ${JSON.stringify(id).slice(0, 80)}`);
    return slot;
  }

  private saveSecret(row: WorkspaceRow, secretKey: string): void {
    // Always usable for this session; sealed on disk only when the store can persist it.
    this.sessionSecrets.set(row.id, secretKey);
    row.secretSealed = this.ctx.secrets.persistent ? this.ctx.secrets.seal(secretKey) : null;
  }

  async create(input: {
    name: string;
    provider?: Provider;
    endpoint?: string | undefined;
    protocol?: 'http' | 'https' | undefined;
    region?: string | undefined;
    accessKey: string;
    secretKey: string;
    activate: boolean;
  }): Promise<Workspace> {
    const provider = input.provider ?? 'onetap';
    const now = this.ctx.clock.now();
    let row: WorkspaceRow;
    if (provider === 'aliyun-dypns') {
      const endpoint = normaliseAliyunEndpoint(input.endpoint ?? DEFAULT_ALIYUN_ENDPOINT);
      row = this.newRemoteRow(input.name, endpoint, input.accessKey, null, now, {
        provider,
        protocol: input.protocol ?? 'https',
        region: input.region ?? null,
      });
    } else {
      if (!input.endpoint) throw new ApiError('INVALID_INPUT', 'an onetap workspace needs its endpoint URL', { fields: { endpoint: 'required' } });
      row = this.newRemoteRow(input.name, normaliseEndpoint(input.endpoint), input.accessKey, null, now);
    }
    this.saveSecret(row, input.secretKey);
    this.repo.insert(row);
    const slot: Slot = { row, session: false, fromFlags: false, open: null };
    this.slots.set(row.id, slot);
    if (input.activate) await this.activate(row.id);
    else this.changed();
    return this.toWorkspace(slot);
  }

  /**
   * This month (or any) of every saved workspace, for the dashboard's all-workspaces view. Open
   * workspaces are read through their handle; the others are opened and closed again.
   */
  overview(month: string): WorkspaceOverviewItem[] {
    const now = this.ctx.clock.now();
    const out: WorkspaceOverviewItem[] = [];
    for (const slot of this.slots.values()) {
      if (slot.session) continue;
      const ws = { id: slot.row.id, name: slot.row.name, provider: slot.row.provider, active: slot.row.id === this.activeId };
      const file = this.dbPath(slot.row);
      // A team store not opened in this session is not connected to just for the overview.
      if (!slot.open && (slot.row.kind === 'team' || !existsSync(file))) {
        out.push(unreadWorkspace(ws, WORKSPACE_NOT_SYNCED));
        continue;
      }
      const db = slot.open?.db ?? this.openDb(file);
      try {
        out.push(workspaceMonth(db, ws, month, now, workspaceBook(this.ctx, ws, month)));
      } catch (e) {
        out.push(unreadWorkspace(ws, e instanceof Error ? e.message : String(e)));
      } finally {
        if (!slot.open) db.close();
      }
    }
    return out;
  }

  /** A workspace by id, or by name when no id matches (the CLI's --workspace NAME|ID). */
  resolve(nameOrId: string): Workspace {
    const slot = this.slots.get(nameOrId) ?? [...this.slots.values()].find((s) => s.row.name === nameOrId);
    if (!slot) throw new ApiError('NOT_FOUND', `no workspace named or numbered ${JSON.stringify(nameOrId).slice(0, 80)}`);
    return this.toWorkspace(slot);
  }

  async update(input: { id: string; name?: string; endpoint?: string; accessKey?: string; secretKey?: string }): Promise<Workspace> {
    const slot = this.slotOf(input.id);
    if (slot.session) throw new ApiError('CONFLICT', 'this workspace comes from command-line flags for this session; change the flags instead');
    const row = { ...slot.row };
    if (row.kind === 'demo' && (input.endpoint !== undefined || input.accessKey !== undefined || input.secretKey !== undefined)) {
      throw new ApiError('CONFLICT', 'the demo workspace is served by the built-in emulator; only its name can change');
    }
    if (row.kind === 'team') return this.updateTeam(slot, row, input);
    if (input.name !== undefined) row.name = input.name;
    const normalise = row.provider === 'aliyun-dypns' ? normaliseAliyunEndpoint : normaliseEndpoint;
    const connectionChanged =
      (input.endpoint !== undefined && normalise(input.endpoint) !== row.endpoint) ||
      (input.accessKey !== undefined && input.accessKey !== row.accessKey) ||
      input.secretKey !== undefined;
    if (input.endpoint !== undefined) row.endpoint = normalise(input.endpoint);
    if (input.accessKey !== undefined && input.accessKey !== row.accessKey) {
      row.accessKey = input.accessKey;
      // A new key needs its own secret: the old one is not carried over.
      if (input.secretKey === undefined) {
        this.sessionSecrets.delete(row.id);
        row.secretSealed = null;
      }
    }
    if (input.secretKey !== undefined) this.saveSecret(row, input.secretKey);
    row.updatedAt = this.ctx.clock.now();
    this.repo.update(row);
    slot.row = row;
    if (slot.open) {
      slot.open.name = row.name;
      if (connectionChanged && row.kind === 'remote') {
        const secret = this.secretOf(row);
        slot.open.accessKey = row.accessKey;
        slot.open.role = null;
        closeClient(slot.open.platform);
        if (row.provider === 'aliyun-dypns') {
          slot.open.aliyun =
            secret !== null && row.endpoint && row.accessKey
              ? this.makeAliyunClient({
                  endpoint: row.endpoint,
                  protocol: row.protocol ?? 'https',
                  accessKeyId: row.accessKey,
                  accessKeySecret: secret,
                  ...(row.region ? { regionId: row.region } : {}),
                })
              : null;
        } else
          slot.open.platform =
            secret !== null && row.endpoint && row.accessKey ? this.makeClient({ endpoint: row.endpoint, accessKey: row.accessKey, secretKey: secret }) : null;
        if (row.id === this.activeId) this.onSwitch?.();
      }
    }
    this.changed();
    return this.toWorkspace(slot);
  }

  /** A team workspace: its name, and its password (the store is opened again with it if it was open). */
  private async updateTeam(
    slot: Slot,
    row: WorkspaceRow,
    input: { name?: string; endpoint?: string; accessKey?: string; secretKey?: string },
  ): Promise<Workspace> {
    if (input.endpoint !== undefined || input.accessKey !== undefined)
      throw new ApiError('CONFLICT', 'a team store workspace keeps its URL: add a new one for another store', { fields: { endpoint: 'fixed' } });
    if (input.secretKey !== undefined) this.saveSecret(row, input.secretKey);
    row.updatedAt = this.ctx.clock.now();
    this.repo.update(row);
    slot.row = row;
    if (slot.open) slot.open.name = row.name;
    if (input.secretKey !== undefined && slot.open) {
      await this.closeTeam(slot);
      if (row.id === this.activeId) {
        await this.openSlot(slot);
        this.onSwitch?.();
      }
    }
    this.changed();
    return this.toWorkspace(slot);
  }

  async remove(input: { id: string; deleteData: boolean }): Promise<{ removed: true; activeId: string }> {
    const slot = this.slotOf(input.id);
    if (slot.row.kind === 'demo' && !slot.session) throw new ApiError('CONFLICT', 'the demo workspace cannot be removed');
    if (slot.session) throw new ApiError('CONFLICT', 'this workspace comes from command-line flags for this session');
    if (input.id === this.activeId) await this.activate(DEMO_ID);
    const file = this.dbPath(slot.row);
    if (slot.team) await this.closeTeam(slot);
    if (slot.open) {
      closeClient(slot.open.platform);
      closeClient(slot.open.demoReviewer?.platform ?? null);
      try {
        slot.open.db.close();
      } catch {
        // already closed
      }
    }
    this.repo.remove(input.id);
    forgetWorkspaceBooks(this.ctx, input.id);
    this.slots.delete(input.id);
    this.sessionSecrets.delete(input.id);
    // A team store's data is the team's: removing the workspace here forgets the connection and,
    // with deleteData, this console's own state of it (its local file).
    if (input.deleteData) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    this.changed();
    return { removed: true, activeId: this.activeId };
  }

  async activate(id: string): Promise<Workspace> {
    const slot = this.slotOf(id);
    await this.openSlot(slot);
    const switched = this.activeId !== id;
    this.activeId = id;
    if (!slot.session) this.repo.setActiveId(id);
    if (switched) this.onSwitch?.();
    this.changed();
    return this.toWorkspace(slot);
  }

  /** The demo platform: act as its admin or as its reviewer from now on (the active workspace only). */
  setDemoRole(role: DemoRole): Workspace {
    const slot = this.slotOf(this.activeId);
    const reviewer = slot.open?.demoReviewer;
    if (!reviewer) throw new ApiError('UNSUPPORTED', 'only the demo platform has a demo reviewer: switch to the demo workspace first');
    const acting = role === 'reviewer';
    if (reviewer.acting !== acting) {
      reviewer.acting = acting;
      this.changed();
    }
    return this.toWorkspace(slot);
  }

  async test(input: { id?: string; endpoint?: string; accessKey?: string; secretKey?: string }, signal?: AbortSignal): Promise<WorkspaceTestResult> {
    let conn: PlatformConnection;
    if (input.id !== undefined) {
      const slot = this.slotOf(input.id);
      if (slot.row.kind === 'team') throw new ApiError('UNSUPPORTED', 'test a team store workspace with workspaces.testTeamStore');
      if (slot.row.provider !== 'onetap') throw new ApiError('UNSUPPORTED', 'test an Alibaba Cloud workspace with providers.test');
      if (slot.row.kind === 'demo') {
        const ws = await this.openSlot(slot);
        if (!ws.platform) throw new ApiError('PLATFORM_UNREACHABLE', 'the demo emulator is not running');
        const result = await testConnection(ws.platform, this.ctx.clock, signal);
        if (result.ok) this.rememberRole(slot.row.id, result.role);
        return result;
      }
      const secret = input.secretKey ?? (input.accessKey === undefined || input.accessKey === slot.row.accessKey ? this.secretOf(slot.row) : null);
      if (secret === null)
        throw new ApiError('INVALID_INPUT', 'no secret key is available for this workspace: enter it', { fields: { secretKey: 'required' } });
      conn = { endpoint: input.endpoint ?? slot.row.endpoint ?? '', accessKey: input.accessKey ?? slot.row.accessKey ?? '', secretKey: secret };
    } else {
      conn = { endpoint: input.endpoint!, accessKey: input.accessKey!, secretKey: input.secretKey! };
    }
    const probe = this.makeClient(conn, true);
    const result = await testConnection(probe, this.ctx.clock, signal).finally(() => probe.close());
    const slot = input.id !== undefined ? this.slots.get(input.id) : undefined;
    if (result.ok && slot?.open && slot.open.accessKey === result.accessKey && normaliseEndpoint(conn.endpoint) === slot.row.endpoint)
      this.rememberRole(slot.row.id, result.role);
    return result;
  }

  async close(): Promise<void> {
    for (const slot of this.slots.values()) {
      if (slot.team) await this.closeTeam(slot);
      if (!slot.open) continue;
      closeClient(slot.open.platform);
      closeClient(slot.open.demoReviewer?.platform ?? null);
      try {
        slot.open.db.close();
      } catch {
        // already closed
      }
      slot.open = null;
    }
    const demos = [...this.demos.values()];
    this.demos.clear();
    await Promise.all(demos.map((d) => d.then((x) => x.close()).catch(() => undefined)));
  }
}
