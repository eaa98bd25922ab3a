/**
 * Walks a workspace's export history from the first row and says where it stops holding
 * together. The triggers refuse UPDATE and DELETE, but anyone with the file can drop them, so
 * this is the real check:
 *  - each row's manifest must still hash to its recorded `manifest_hash` (an edited row),
 *  - each row must link to the row before it (`prev_hash`, and the manifest's own `prevHash`),
 *    and seqs must run without gaps (a removed or inserted row),
 *  - the last row must be the last seq ever handed out (rows removed from the end),
 *  - each manifest's HMAC must verify (a row edited and re-hashed, links and all),
 *  - the signed seal beside the database file must name a head the history still holds (rows
 *    removed from the end with `sqlite_sequence` edited to match: chain-seal.ts).
 */
import type { ExportManifest, VerifyProblem } from '../../../../shared/contract/export';
import type { Db } from '../db/open';
import { sealProblems } from './chain-seal';
import { historyRepo, type HistoryRow } from './history-repo';
import { genesisHash, manifestHash, parseManifest, signatureMatches } from './manifest';
import type { KeySet } from './signing-keys';

export interface CheckedRow {
  row: HistoryRow;
  manifest: ExportManifest | null;
  problems: VerifyProblem[];
}

export interface ChainReport {
  rows: Map<number, CheckedRow>;
  /** Every problem found, in history order. */
  problems: VerifyProblem[];
  /** True when nothing points at tampering (an unchecked signature alone does not). */
  intact: boolean;
}

export function signatureProblem(m: ExportManifest, keys: KeySet | null, where: string, seq?: number): VerifyProblem | null {
  const at = seq !== undefined ? { seq } : {};
  const key = keys?.find(m.signature.keyId) ?? null;
  if (!key) {
    const holder =
      m.signature.keySource === 'keyring'
        ? "the desktop app's OS keyring on the computer that made it"
        : `the platform secret key of access key ${m.accessKey ?? '(none)'}`;
    return {
      code: 'SIGNATURE_UNCHECKED',
      message: `${where}: signed with key ${m.signature.keyId}, which this session does not hold (it comes from ${holder}); the signature was not checked`,
      ...at,
    };
  }
  if (!signatureMatches(m, key)) {
    return { code: 'SIGNATURE_BAD', message: `${where}: the signature does not match its contents: the manifest was altered after signing, or forged`, ...at };
  }
  return null;
}

export function checkChain(db: Db, chainId: string | null, keys: KeySet | null): ChainReport {
  const rows = new Map<number, CheckedRow>();
  const problems: VerifyProblem[] = [];
  let expectedPrev = chainId ? genesisHash(chainId) : null;
  let prevSeq = 0;
  const all = historyRepo(db).all();
  for (const row of all) {
    const mine: VerifyProblem[] = [];
    const where = `history row ${row.seq} (export ${row.export_id})`;
    const broken = (message: string): void => {
      mine.push({ code: 'CHAIN_BROKEN', message: `${where}: ${message}`, seq: row.seq });
    };
    if (row.seq !== prevSeq + 1) {
      broken(prevSeq + 1 === row.seq - 1 ? `row ${prevSeq + 1} before it is missing` : `rows ${prevSeq + 1}–${row.seq - 1} before it are missing`);
    }
    if (expectedPrev !== null && row.prev_hash !== expectedPrev) {
      broken('does not link to the row before it (a row was removed, inserted or edited)');
    }
    const parsed = parseManifest(row.manifest);
    let manifest: ExportManifest | null = null;
    if (!parsed.ok) broken(`its manifest is damaged: ${parsed.error}`);
    else {
      manifest = parsed.manifest;
      if (manifestHash(manifest) !== row.manifest_hash) broken('was edited: its manifest no longer matches the hash recorded for it');
      if (manifest.prevHash !== row.prev_hash) broken("its manifest's prevHash differs from the row's link");
      if (manifest.seq !== row.seq || manifest.exportId !== row.export_id) broken('its manifest names another seq or export id');
      if (chainId !== null && manifest.chainId !== chainId) broken("its manifest belongs to another workspace's chain");
      const sig = signatureProblem(manifest, keys, where, row.seq);
      if (sig) mine.push(sig);
    }
    rows.set(row.seq, { row, manifest, problems: mine });
    problems.push(...mine);
    // Follow the recorded link, so one edit is reported once and not again at every later row.
    expectedPrev = row.manifest_hash;
    prevSeq = row.seq;
  }
  const high = historyRepo(db).highWaterSeq();
  if (high > prevSeq) {
    problems.push({
      code: 'CHAIN_BROKEN',
      message:
        prevSeq === 0
          ? `the history is empty but ${high} export(s) were recorded: rows were removed`
          : `rows after ${prevSeq} (up to ${high}) were removed from the end of the history`,
    });
  }
  // The anchor outside the database: the seal beside it still names rows removed from the end.
  if (chainId !== null) problems.push(...sealProblems(db, chainId, all, keys));
  return { rows, problems, intact: problems.every((p) => p.code === 'SIGNATURE_UNCHECKED') };
}
