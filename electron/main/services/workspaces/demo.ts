/**
 * The demo workspace's platform: an emulator in this process on a random loopback port. Its
 * feed is a pure function of (seed, start) and the clock, so those are kept in the demo
 * database itself; every launch regenerates the same history and the database stays a valid
 * copy of it. What the emulator cannot regenerate (apps a user created in an earlier session
 * lived only in that emulator's memory; app events it anchors to its start-up time) is
 * re-fetched: the small resources every launch, the records whenever a sample of them no
 * longer matches (see `demoRecordsConsistent`), so the copy never drifts from the demo.
 */
import { addDays, shanghaiDate } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import type { SyncResource } from '../../../../shared/contract/sync';
import type { PlatformClient } from '../platform/client-types';
import { feedDigest, storedRecordsDigest } from '../store/content-digest';
import { metaRepo } from '../store/meta-repo';
import { syncStateRepo } from '../store/sync-state-repo';
import { recordsQuery } from '../records/records-query';

export interface DemoParams {
  seed: number;
  /** First history day (Shanghai). */
  start: string;
}

export interface DemoEmulator {
  url: string;
  accessKey: string;
  secretKey: string;
  /** The emulator's reviewer key (the demo's 审核员（演示）): used in memory only, never stored or shown. */
  reviewer?: { accessKey: string; secretKey: string };
  /** The emulator's Alibaba Cloud face, for the "阿里云演示" workspace (admin key, seeded schemes). */
  aliyun?: { endpoint: string; accessKeyId: string; accessKeySecret: string; schemes: { code: string; name: string; appName: string; osType: string }[] };
  close(): Promise<void>;
}

/** Starts an emulator for the demo (boot passes one built on emulator/index.ts). */
export type DemoStarter = (params: DemoParams & { now: () => number }) => Promise<DemoEmulator>;

export const DEMO_META_KEY = 'demo.emulator';
export const DEMO_SEED = 20261115;
/** Days of history a new demo starts with. */
export const DEMO_HISTORY_DAYS = 90;

/** The demo parameters stored in this database, or null when it was not made from the demo. */
export function storedDemoParams(db: Db): DemoParams | null {
  return metaRepo(db).get<DemoParams>(DEMO_META_KEY);
}

/** The stored parameters, or new ones written now (a fresh demo database). */
export function demoParamsFor(db: Db, now: number): DemoParams {
  const have = storedDemoParams(db);
  if (have) return have;
  const params: DemoParams = { seed: DEMO_SEED, start: addDays(shanghaiDate(now), -(DEMO_HISTORY_DAYS - 1)) };
  metaRepo(db).put(DEMO_META_KEY, params, now);
  return params;
}

/** True when the database holds no data yet (nothing synced). */
export function isEmptyWorkspace(db: Db): boolean {
  return !syncStateRepo(db)
    .all()
    .some((r) => r.cursor !== null && r.cursor !== '');
}

/** How many stored records are compared with the emulator's at start-up (spread over the copy). */
export const DEMO_CHECK_SAMPLES = 8;

/**
 * Checks that the stored records are a prefix of what this emulator serves: records at
 * positions spread over the copy (first, last and between) are identical field for field.
 */
export async function demoRecordsConsistent(db: Db, client: PlatformClient, signal?: AbortSignal): Promise<boolean> {
  const records = Number(syncStateRepo(db).get('records')?.cursor ?? 0) || 0;
  if (records <= 0) return true;
  const positions = new Set<number>();
  for (let i = 0; i < DEMO_CHECK_SAMPLES; i++) positions.add(Math.max(1, Math.round((records * i) / (DEMO_CHECK_SAMPLES - 1))));
  const stored = recordsQuery(db);
  for (const p of positions) {
    const seq = stored.seqAtOrBefore(p);
    if (seq === undefined) continue;
    const item = (await client.authRecords(seq - 1, 1, signal)).items[0];
    if (!item || item.seq !== seq) return false;
    if (storedRecordsDigest(db, { from: seq, to: seq }).sha256 !== feedDigest([item]).sha256) return false;
  }
  return true;
}

/**
 * What the next sync must fetch afresh on a demo copy. The emulator seeds its apps' recent
 * history relative to its start-up time, so a new launch serves other app events, packages and
 * bills than the last one did: those small resources are always replaced. The records (the bulk)
 * are kept while a sample of them still matches, and replaced otherwise.
 */
export const DEMO_SMALL_RESOURCES = ['apps', 'activities', 'usage', 'bills', 'packages', 'pricing'] as const satisfies readonly SyncResource[];
