/**
 * The account's packages (套餐包), a snapshot replaced as a whole on every sync; only rows
 * that differ are touched, so an unchanged snapshot writes nothing.
 */
import type { PlatformPackages } from '../../../../shared/platform/schemas';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { metaWriter } from './meta-repo';

export interface PackagesWriter {
  /** Makes the stored packages equal to the snapshot; returns rows inserted, changed or removed. */
  replaceAll(snapshot: PlatformPackages, fetchedAt: number): number;
}

interface PackageRow {
  package_id: string;
  kind: string;
  quota: number;
  used: number;
  valid_from: number;
  valid_to: number;
  status: string;
}

export function packagesWriter(db: Db): PackagesWriter {
  const all = db.prepare('SELECT package_id, kind, quota, used, valid_from, valid_to, status FROM packages');
  const put = db.prepare(`INSERT INTO packages (package_id, kind, quota, used, valid_from, valid_to, status, fetched_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(package_id) DO UPDATE SET kind = excluded.kind, quota = excluded.quota, used = excluded.used,
      valid_from = excluded.valid_from, valid_to = excluded.valid_to, status = excluded.status, fetched_at = excluded.fetched_at`);
  const remove = db.prepare('DELETE FROM packages WHERE package_id = ?');
  const meta = metaWriter(db);
  return {
    replaceAll(snapshot, fetchedAt) {
      const have = new Map((all.all() as PackageRow[]).map((r) => [r.package_id, r]));
      let written = 0;
      const seen = new Set<string>();
      for (const p of snapshot.items) {
        if (seen.has(p.packageId)) throw new Error(`package ${p.packageId} listed twice`);
        seen.add(p.packageId);
        const validFrom = parseIsoInstant(p.validFrom);
        const validTo = parseIsoInstant(p.validTo);
        const old = have.get(p.packageId);
        if (
          old &&
          old.kind === p.kind &&
          old.quota === p.quota &&
          old.used === p.used &&
          old.valid_from === validFrom &&
          old.valid_to === validTo &&
          old.status === p.status
        ) {
          continue;
        }
        put.run(p.packageId, p.kind, p.quota, p.used, validFrom, validTo, p.status, fetchedAt);
        written++;
      }
      for (const id of have.keys()) {
        if (seen.has(id)) continue;
        remove.run(id);
        written++;
      }
      written += meta.put('packages.subscribed', snapshot.subscribed, fetchedAt);
      return written;
    },
  };
}

/** Packages the user recorded by hand (ids "manual-…"), for providers whose API does not list them; a sync never replaces them. */
export interface RecordedPackagesRepo {
  count(): number;
  insert(packageId: string, quota: number, validFrom: number, validTo: number, now: number): void;
  remove(packageId: string): boolean;
}

export function recordedPackagesRepo(db: Db): RecordedPackagesRepo {
  const count = db.prepare<[], number>("SELECT COUNT(*) FROM packages WHERE package_id LIKE 'manual-%'").pluck();
  const insert = db.prepare(
    "INSERT INTO packages (package_id, kind, quota, used, valid_from, valid_to, status, fetched_at) VALUES (?, 'commercial', ?, 0, ?, ?, 'active', ?)",
  );
  const remove = db.prepare("DELETE FROM packages WHERE package_id = ? AND package_id LIKE 'manual-%'");
  return {
    count: () => count.get() ?? 0,
    insert: (packageId, quota, validFrom, validTo, now) => void insert.run(packageId, quota, validFrom, validTo, now),
    remove: (packageId) => remove.run(packageId).changes === 1,
  };
}
