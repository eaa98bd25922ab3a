import { ApiError } from '../../../../shared/contract/errors';
import type { SyncResource, SyncStatus } from '../../../../shared/contract/sync';
import type { Role } from '../../../../shared/platform/domain';
import { extension, ServiceKey, type ServiceContext } from '../core/context';
import type { Db } from '../db/open';
import type { PlatformClient } from '../platform/client-types';
import type { Provider } from '../../../../shared/providers/capabilities';
import type { AliyunDypnsClient } from '../providers/aliyun/client';
import type { ArchivedMonthNotice, RecordItem, RecordsSearchOutput } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { HistoryRow } from '../export/history-repo';
import type { RecordRow } from '../records/record-item';
import type { SearchInput } from '../records/record-scanner';

/** The workspace the console is looking at: its data and its platform connection. */
export interface ActiveWorkspace {
  id: string;
  name: string;
  kind: 'demo' | 'remote' | 'team';
  db: Db;
  /** Access key id of the connection (never the secret). */
  accessKey: string | null;
  /** Role of that key once known (whoami), else null. */
  role: Role | null;
  /** The connection, or null when offline / not configured. */
  platform: PlatformClient | null;
  /**
   * Resources whose local copy no longer matches the platform (the demo emulator regenerated
   * them): the next sync fetches them from the start and replaces the old copy atomically.
   */
  refetch?: Set<SyncResource>;
  /** The provider this workspace speaks; 'onetap' (our platform API) when absent. */
  provider?: Provider;
  /** aliyun-dypns: the official-SDK client, or null without a secret. */
  aliyun?: AliyunDypnsClient | null;
  /**
   * When the workspace lives in a team store: where its raw records are read (`db` then holds a
   * working copy of the other tables, team-store/workspace-snapshot.ts).
   */
  teamStore?: TeamRecordReader;
  /**
   * A team-store workspace in the console (kind 'team'): the writer's latest report and when the
   * console last looked, for the sync status. The console never syncs such a workspace.
   */
  team?: { teamState(): NonNullable<SyncStatus['team']> };
  /**
   * The demo platform: its reviewer's connection (the emulator's reviewer key, in memory only)
   * and whether the console acts as that reviewer now. Syncs always use the admin connection.
   */
  demoReviewer?: { platform: PlatformClient; acting: boolean };
}

/** The role the console acts with: the demo's reviewer while switched to it, else the key's role. */
export function actingRole(ws: ActiveWorkspace): Role | null {
  return ws.demoReviewer?.acting ? 'reviewer' : ws.role;
}

/** The connection changes go through: the demo reviewer's while acting as it, else the workspace's. */
export function actingPlatform(ws: ActiveWorkspace): PlatformClient | null {
  return ws.demoReviewer?.acting ? ws.demoReviewer.platform : ws.platform;
}

/** The raw-record reads of a team store, and its append-only export history (team-store/pg-store.ts). */
export interface TeamRecordReader {
  searchRecords(input: SearchInput): Promise<RecordsSearchOutput>;
  /** Months whose raw records were archived and their partition dropped (counted by the rollups, not stored). */
  droppedMonths?(): Promise<ArchivedMonthNotice[]>;
  recordBySeq(seq: number): Promise<RecordRow | null>;
  /** An export's records under one snapshot of the store. */
  openRecordExport(filter: RecordsFilter): Promise<TeamRecordExport>;
  /** Whether this session's database role may append to the export history. */
  canAppendExport(): Promise<boolean>;
  exportIdTaken(exportId: string): Promise<boolean>;
  /** The store's export chain id, created with its first export. */
  exportChainId(now: number): Promise<string>;
  /** Appends a row built on the current head (seq, its hash or null for the first) in one transaction; `beforeCommit` runs last. */
  appendExport(build: (seq: number, prevHash: string | null) => HistoryRow, beforeCommit: () => void): Promise<HistoryRow>;
}

/** The records of one export from a team store, newest first, under one snapshot. */
export interface TeamRecordExport {
  readonly total: number;
  batches(batchSize: number, signal?: AbortSignal): AsyncGenerator<RecordItem[], void, undefined>;
  close(): Promise<void>;
}

export interface WorkspaceRegistry {
  active(): ActiveWorkspace;
  /**
   * Base URL of the demo workspace's own emulator (started if it is not running yet), whatever
   * workspace is active: the signature debugger's "send to the demo" goes there and nowhere else.
   * Absent where no demo can run (a --db file opened offline).
   */
  demoEmulatorUrl?(): Promise<string>;
}

export const WORKSPACES_EXTENSION = new ServiceKey<WorkspaceRegistry>('workspaces');

export function activeWorkspace(ctx: ServiceContext): ActiveWorkspace {
  return extension(ctx, WORKSPACES_EXTENSION).active();
}

export function workspaceDb(ctx: ServiceContext): Db {
  return activeWorkspace(ctx).db;
}

/** The active connection, or a clear error when there is none. */
export function requirePlatform(ctx: ServiceContext): PlatformClient {
  const p = activeWorkspace(ctx).platform;
  if (!p) throw new ApiError('PLATFORM_UNREACHABLE', 'this workspace has no platform connection (working offline)');
  return p;
}

/** The active workspace when it is an Alibaba Cloud one (its synced data needs no connection). */
export function requireAliyunWorkspace(ctx: ServiceContext): ActiveWorkspace {
  const ws = activeWorkspace(ctx);
  if (ws.provider !== 'aliyun-dypns')
    throw new ApiError('UNSUPPORTED', `workspace ${ws.name} speaks the ${ws.provider ?? 'onetap'} provider, not aliyun-dypns`);
  return ws;
}

/** The active Alibaba Cloud connection, or a clear error (wrong provider, or no secret in this session). */
export function requireAliyun(ctx: ServiceContext): { ws: ActiveWorkspace; client: AliyunDypnsClient } {
  const ws = requireAliyunWorkspace(ctx);
  if (!ws.aliyun)
    throw new ApiError('PLATFORM_UNREACHABLE', 'no AccessKey Secret for this Alibaba Cloud workspace in this session: enter it (or give --secret-key)');
  return { ws, client: ws.aliyun };
}
