/**
 * The chain's anchor outside the database it protects: `<workspace db>.export-chain`, a small
 * signed file naming the chain's head (the newest export's seq and manifest hash). Deleting the
 * newest history rows, with the triggers dropped and `sqlite_sequence` edited to match, leaves
 * the chain inside the file whole; the seal beside it (and the manifest beside every export,
 * which carries its own seq) still names the removed head, and the check reports it.
 *
 * The seal is written right after the export's transaction commits, and only ever forward (a
 * seal never goes back to a lower seq), so a crash between commit and seal leaves a seal one
 * behind, which is consistent, never one ahead, which would look like tampering.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import type { VerifyProblem } from '../../../../shared/contract/export';
import type { Db } from '../db/open';
import { canonicalJson } from './canonical-json';
import type { HistoryRow } from './history-repo';
import { hmacHex, hmacMatches, type KeySet, type SigningKey } from './signing-keys';
import { partPathFor } from './stale-parts';

const sealSchema = z
  .object({
    kind: z.literal('onetap-console/export-chain-seal'),
    version: z.literal(1),
    chainId: z.string(),
    /** Exports in the chain (the head's seq). */
    count: z.number().int().positive(),
    /** The head's manifest hash. */
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    keyId: z.string(),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
type Seal = z.output<typeof sealSchema>;

/** Where a workspace database's seal lives; null for a database in memory. */
export function sealPathOf(db: Db): string | null {
  return db.memory || db.name === '' ? null : `${db.name}.export-chain`;
}

function macText(s: Omit<Seal, 'mac'>): string {
  return canonicalJson({ kind: s.kind, version: s.version, chainId: s.chainId, count: s.count, headHash: s.headHash, keyId: s.keyId });
}

type ReadSeal = { state: 'none' } | { state: 'bad'; why: string } | { state: 'ok'; seal: Seal };

export function readSeal(db: Db): ReadSeal {
  const path = sealPathOf(db);
  if (!path) return { state: 'none' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { state: 'none' } : { state: 'bad', why: 'unreadable' };
  }
  try {
    const parsed = sealSchema.safeParse(JSON.parse(text));
    return parsed.success ? { state: 'ok', seal: parsed.data } : { state: 'bad', why: 'not a chain seal' };
  } catch {
    return { state: 'bad', why: 'not valid JSON' };
  }
}

/** Moves the seal forward to `head` (never back). Best effort: the export is already committed. */
export function advanceSeal(db: Db, chainId: string, head: { seq: number; hash: string }, key: SigningKey): void {
  const path = sealPathOf(db);
  if (!path) return;
  const current = readSeal(db);
  if (current.state === 'ok' && current.seal.chainId === chainId && current.seal.count >= head.seq) return;
  const unsigned = { kind: 'onetap-console/export-chain-seal' as const, version: 1 as const, chainId, count: head.seq, headHash: head.hash, keyId: key.id };
  const seal: Seal = { ...unsigned, mac: hmacHex(key, macText(unsigned)) };
  const temp = partPathFor(path);
  try {
    writeFileSync(temp, `${JSON.stringify(seal, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    renameSync(temp, path);
  } catch {
    // A read-only folder: the chain inside the database still holds; the next export retries.
  }
}

/**
 * The history against its seal: the seal may lag (a crash after commit) but never lead, and the
 * row at the seal's seq must be the head it names.
 */
export function sealProblems(db: Db, chainId: string, rows: readonly HistoryRow[], keys: KeySet | null): VerifyProblem[] {
  const read = readSeal(db);
  if (read.state === 'none') return [];
  const broken = (message: string): VerifyProblem => ({ code: 'CHAIN_BROKEN', message: `the chain seal ${sealPathOf(db)} ${message}` });
  if (read.state === 'bad') return [broken(`is damaged (${read.why})`)];
  const { seal } = read;
  if (seal.chainId !== chainId) return [broken(`belongs to chain ${seal.chainId}, not to this workspace's ${chainId}`)];
  const key = keys?.find(seal.keyId) ?? null;
  if (key && !hmacMatches(key, macText(seal), seal.mac)) return [broken('does not match its signature: it was altered')];
  const last = rows[rows.length - 1];
  const lastSeq = last?.seq ?? 0;
  if (seal.count > lastSeq) {
    return [broken(`records ${seal.count} export(s) but the history ends at ${lastSeq}: the newest ${seal.count - lastSeq} row(s) were removed`)];
  }
  const atSeal = rows.find((r) => r.seq === seal.count);
  if (!atSeal || atSeal.manifest_hash !== seal.headHash)
    return [broken(`names a head at row ${seal.count} that the history does not hold: rows were replaced`)];
  return [];
}
