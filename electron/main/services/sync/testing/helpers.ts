/**
 * Helpers for the sync tests that run against the emulator on loopback: read its whole feed
 * (the reference a sync must equal) and recompute rollups from raw rows.
 */
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import type { Db } from '../../db/open';
import type { Clock } from '../../core/clock';
import { createPlatformClient, type HttpPlatformClient } from '../../platform/http-client';
import { feedDigest, type Digest } from '../../store/content-digest';

export interface EmulatorLike {
  url: string;
  key(role: 'admin' | 'finance' | 'auditor'): { accessKey: string; secretKey: string };
  now(): number;
}

/**
 * A platform client on one of the emulator's keys, as the loopback sync tests use it: the
 * test's clock (else the emulator's), a bounded timeout, and quick retries.
 */
export function emulatorClient(
  emu: EmulatorLike,
  role: 'admin' | 'finance' | 'auditor' = 'admin',
  opts: { clock?: Clock; timeoutMs?: number; attempts?: number } = {},
): HttpPlatformClient {
  const k = emu.key(role);
  return createPlatformClient({
    endpoint: emu.url,
    accessKey: k.accessKey,
    secretKey: k.secretKey,
    clock: opts.clock ?? { now: () => emu.now() },
    timeoutMs: opts.timeoutMs ?? 10_000,
    retry: { attempts: opts.attempts ?? 3, baseDelayMs: 2, maxDelayMs: 20 },
  });
}

/** Every record the emulator serves now, read page by page (call with faults off). */
export async function emulatorRecords(emu: EmulatorLike): Promise<PlatformAuthRecord[]> {
  const k = emu.key('admin');
  const client = createPlatformClient({ endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey, clock: { now: () => emu.now() } });
  const out: PlatformAuthRecord[] = [];
  for (let after = 0; ;) {
    const p = await client.authRecords(after, 5000);
    out.push(...p.items);
    after = p.next;
    if (!p.hasMore) break;
  }
  return out;
}

export async function emulatorDigest(emu: EmulatorLike): Promise<Digest> {
  return feedDigest(await emulatorRecords(emu));
}

/** Daily rollups recomputed from auth_records (Shanghai days), to compare with the ones ingest keeps. */
export function rollupsFromRecords(db: Db): string {
  return JSON.stringify(
    db
      .prepare(
        `SELECT date(request_ms / 1000 + 8 * 3600, 'unixepoch') AS date, id, operator, capability, count(*) AS calls, sum(success) AS successes, sum(billable) AS billable
         FROM auth_records GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .all(),
  );
}

export function storedRollups(db: Db): string {
  return JSON.stringify(db.prepare('SELECT date, id, operator, capability, calls, successes, billable FROM rollup_daily ORDER BY 1, 2, 3, 4').all());
}

/** Failure rollups recomputed from auth_records. */
export function failuresFromRecords(db: Db): string {
  return JSON.stringify(
    db
      .prepare(
        `SELECT date(request_ms / 1000 + 8 * 3600, 'unixepoch') AS date, id, operator, capability, result_code, coalesce(carrier_code, '') AS carrier_code, count(*) AS failures
         FROM auth_records WHERE success = 0 GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      )
      .all(),
  );
}

export function storedFailures(db: Db): string {
  return JSON.stringify(
    db.prepare('SELECT date, id, operator, capability, result_code, carrier_code, failures FROM rollup_failures ORDER BY 1, 2, 3, 4, 5, 6').all(),
  );
}

export const DATA_TABLES = [
  'apps',
  'app_versions',
  'activities',
  'auth_records',
  'rollup_daily',
  'rollup_hourly',
  'rollup_failures',
  'usage_lines',
  'usage_statements',
  'bills',
  'packages',
  'platform_meta',
] as const;
