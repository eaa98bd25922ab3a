/**
 * Content digests, to prove that the local copy equals the platform's feed: the same
 * canonical line per record whether it comes from the platform's JSON or from a row.
 */
import type * as Crypto from 'node:crypto';
import type { Capability, Operator, VerifyOutcome } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { contentDigestQuery } from './content-digest-query';
import type { RecordFields } from './record-codec';
import { lazyModule } from '../core/lazy-module';

// node:crypto on first digest: the workspace migrations import this module, so every `--db` open
// loaded it (~6 ms of CPU on a CLI start) though only a sync or a check computes a digest (issue 13).
const crypto = lazyModule<typeof Crypto>('node:crypto');

/** A record as every digest and month archive writes it: all of its stored fields, nothing derived. */
export interface CanonicalRecord {
  seq: number;
  recordId: string;
  id: string;
  appId: string;
  capability: string;
  operator: string;
  requestMs: number;
  resultCode: string;
  success: boolean;
  outcome: string | null;
  carrierCode: string | null;
  description: string;
  maskedPhone: string | null;
  authType: string | null;
  clientIp: string | null;
  traceId: string;
}

/** A record's fields in the canonical order, as a line holds them (a stored row has success as 0/1). */
export type CanonicalTuple = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  boolean | number,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string,
];

/** The record of a canonical tuple: the one place the field order is read back. */
export function fromCanonicalTuple(t: CanonicalTuple): CanonicalRecord {
  return {
    seq: t[0],
    recordId: t[1],
    id: t[2],
    appId: t[3],
    capability: t[4],
    operator: t[5],
    requestMs: t[6],
    resultCode: t[7],
    success: t[8] === true || t[8] === 1,
    outcome: t[9],
    carrierCode: t[10],
    description: t[11],
    maskedPhone: t[12],
    authType: t[13],
    clientIp: t[14],
    traceId: t[15],
  };
}

/**
 * The stored fields of a platform record: its instant as epoch ms (parsed here unless the caller,
 * like the ingest hot path, has already checked and parsed it). The one place a platform record
 * becomes the store's fields; toPlatformRecord is its inverse.
 */
export function fromPlatformRecord(r: PlatformAuthRecord, requestMs: number = parseIsoInstant(r.requestTime)): RecordFields {
  return {
    seq: r.seq,
    recordId: r.recordId,
    id: r.id,
    appId: r.appId,
    capability: r.capability,
    operator: r.operator,
    requestMs,
    resultCode: r.resultCode,
    success: r.success,
    outcome: r.outcome,
    carrierCode: r.carrierCode,
    description: r.description,
    maskedPhone: r.maskedPhone,
    authType: r.authType,
    clientIp: r.clientIp,
    traceId: r.traceId,
  };
}

/** A stored record as the platform sent it (success as a boolean or SQLite's 0/1): what a sync would have received. */
export function toPlatformRecord(r: Omit<CanonicalRecord, 'success'> & { success: boolean | number }): PlatformAuthRecord {
  // The other fields carry over by name (a cold path: store migration, not ingest).
  const { requestMs, success, capability, operator, outcome, ...same } = r;
  return {
    ...same,
    capability: capability as Capability,
    operator: operator as Operator,
    requestTime: new Date(requestMs).toISOString(),
    success: success === true || success === 1,
    outcome: outcome as VerifyOutcome | null,
  };
}

/** The canonical line of one record (a JSON array in a fixed field order). */
export function canonicalLine(r: CanonicalRecord): string {
  return JSON.stringify([
    r.seq,
    r.recordId,
    r.id,
    r.appId,
    r.capability,
    r.operator,
    r.requestMs,
    r.resultCode,
    r.success,
    r.outcome,
    r.carrierCode,
    r.description,
    r.maskedPhone,
    r.authType,
    r.clientIp,
    r.traceId,
  ]);
}

export interface Digest {
  count: number;
  sha256: string;
}

/** Digest of platform records, in seq order. */
export function feedDigest(records: Iterable<PlatformAuthRecord>): Digest {
  const all = [...records].sort((a, b) => a.seq - b.seq);
  const h = crypto().createHash('sha256');
  for (const r of all) h.update(canonicalLine(fromPlatformRecord(r))).update('\n');
  return { count: all.length, sha256: h.digest('hex') };
}

/** Digest of the stored records (all, or seqs from..to), in seq order (streams: fine for millions of rows). */
export function storedRecordsDigest(db: Db, range: { from: number; to: number } = { from: 0, to: Number.MAX_SAFE_INTEGER }): Digest {
  const h = crypto().createHash('sha256');
  let count = 0;
  for (const r of contentDigestQuery(db).records(range.from, range.to)) {
    h.update(canonicalLine({ ...r, success: r.success === 1 })).update('\n');
    count++;
  }
  return { count, sha256: h.digest('hex') };
}

/** Digest of every row of the given tables (for "this sync changed nothing"). */
export function tablesDigest(db: Db, tables: readonly string[]): string {
  const h = crypto().createHash('sha256');
  for (const t of tables) {
    const rows = contentDigestQuery(db).tableRows(t);
    h.update(`#${t}\n`);
    for (const row of rows) h.update(JSON.stringify(row)).update('\n');
  }
  return h.digest('hex');
}
