/**
 * Verification of an export file: is it complete and unaltered, and is it an export this
 * workspace recorded? Every check runs and every failure is reported, each with its own code,
 * so the answer names exactly what is wrong (a changed byte shows as a hash mismatch, a deleted
 * row as a hash mismatch and a row count mismatch, and so on).
 */
import { closeSync, fstatSync, openSync, readSync, statSync, constants as fsConstants } from 'node:fs';
import { extname, resolve } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import { exportFormats, type ExportFormat, type ExportManifest, type ExportVerifyOutput, type VerifyProblem } from '../../../../shared/contract/export';
import type { SecretStore } from '../core/secrets';
import { isOpenDatabaseFile, type Db } from '../db/open';
import { canonicalJson } from './canonical-json';
import { checkChain, signatureProblem } from './chain-check';
import { measureFile, type Measured } from './file-measure';
import { historyRepo } from './history-repo';
import { MANIFEST_SUFFIX, manifestHash, manifestPathFor, parseManifest } from './manifest';
import { keySet, type PlatformSecret } from './signing-keys';

export interface VerifyEnv {
  db: Db;
  secrets: SecretStore;
  platformSecret: PlatformSecret | null;
  now: number;
  signal?: AbortSignal;
}

function formatFromName(path: string): ExportFormat | null {
  const ext = extname(path).slice(1).toLowerCase();
  return (exportFormats as readonly string[]).includes(ext) ? (ext as ExportFormat) : null;
}

function differingFields(a: ExportManifest, b: ExportManifest): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (va && vb && typeof va === 'object' && typeof vb === 'object' && !Array.isArray(va)) {
      for (const sub of new Set([...Object.keys(va), ...Object.keys(vb)])) {
        if (canonicalJson((va as Record<string, unknown>)[sub] ?? null) !== canonicalJson((vb as Record<string, unknown>)[sub] ?? null))
          out.push(`${k}.${sub}`);
      }
    } else if (canonicalJson(va ?? null) !== canonicalJson(vb ?? null)) out.push(k);
  }
  return out;
}

/** Far more than any manifest (a few KiB); a bigger "manifest" is not one, and is not read. */
const MANIFEST_MAX_BYTES = 1 << 20;

type Kind = 'missing' | 'file' | 'other';

function kindOf(path: string): Kind {
  try {
    return statSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * Reads a manifest without ever blocking or reading without bound: O_NONBLOCK so a FIFO put in
 * its place cannot hang the open, a regular-file check on the open descriptor, and a size cap.
 */
function readManifestText(path: string): { text: string } | { error: string } {
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: 'not a regular file' };
    if (st.size > MANIFEST_MAX_BYTES) return { error: `too large for a manifest (${st.size} bytes)` };
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return { text: buf.subarray(0, off).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Verify reads only exports. Anything else is refused before it is opened: a database this
 * process has open (closing any descriptor of it drops SQLite's POSIX locks, and a writer in
 * another process may then reset the WAL under us: committed rows lost), a device, FIFO or
 * folder, and a file that is neither beside a readable manifest nor recorded in the history.
 */
function refuseNonExport(db: Db, file: string, manifestPath: string, manifestReadable: boolean): void {
  const refuse = (why: string): never => {
    throw new ApiError('INVALID_INPUT', `path: ${file} is not an export (${why}); verify reads only export files`, { fields: { path: 'not an export file' } });
  };
  if (isOpenDatabaseFile(file) || isOpenDatabaseFile(manifestPath)) refuse('it is a database the console has open');
  const kind = kindOf(file);
  if (kind === 'other') refuse('not a regular file');
  if (!manifestReadable && historyRepo(db).byFilePath(file).length === 0) {
    refuse(kind === 'missing' ? 'no such file, no manifest, and no export was written there' : 'it has no manifest beside it and no export was written there');
  }
}

export interface VerifyOptions {
  /** The export this file should be (verify by id): a manifest of another export is reported. */
  exportId?: string;
}

export async function verifyExportFile(env: VerifyEnv, path: string, opts: VerifyOptions = {}): Promise<ExportVerifyOutput> {
  const { db } = env;
  // Accept the manifest's path too: verify the file it describes.
  const given = resolve(path);
  const file = given.endsWith(MANIFEST_SUFFIX) ? given.slice(0, -MANIFEST_SUFFIX.length) : given;
  const manifestPath = manifestPathFor(file);
  const problems: VerifyProblem[] = [];

  // The manifest beside the file.
  let manifest: ExportManifest | null = null;
  const manifestKind = isOpenDatabaseFile(manifestPath) ? 'other' : kindOf(manifestPath);
  let manifestProblem: VerifyProblem | null = null;
  if (manifestKind === 'missing') {
    manifestProblem = { code: 'MANIFEST_MISSING', message: `no manifest beside the file (expected ${manifestPath})` };
  } else {
    const read = manifestKind === 'file' ? readManifestText(manifestPath) : { error: 'not a regular file' };
    const parsed = 'text' in read ? parseManifest(read.text) : ({ ok: false, error: read.error } as const);
    if (parsed.ok) manifest = parsed.manifest;
    else manifestProblem = { code: 'MANIFEST_INVALID', message: `the manifest ${manifestPath} is ${parsed.error}` };
  }
  refuseNonExport(db, file, manifestPath, manifest !== null);
  if (manifestProblem) problems.push(manifestProblem);
  if (manifest && opts.exportId !== undefined && manifest.exportId !== opts.exportId) {
    problems.push({
      code: 'WRONG_EXPORT',
      message: `the manifest at ${manifestPath} is export ${manifest.exportId}'s, not export ${opts.exportId}'s: another export was put in its place`,
    });
  }

  // The file as it is now.
  let measured: Measured | null = null;
  if (kindOf(file) !== 'file') {
    problems.push({ code: 'FILE_MISSING', message: `the export file ${file} is not there` });
  } else {
    try {
      measured = await measureFile(file, manifest?.format ?? formatFromName(file), env.signal);
    } catch (e) {
      env.signal?.throwIfAborted();
      problems.push({ code: 'FILE_MISSING', message: `the export file ${file} cannot be read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  if (manifest && measured) {
    if (measured.sha256 !== manifest.file.sha256 || measured.bytes !== manifest.file.bytes) {
      problems.push({
        code: 'HASH_MISMATCH',
        message:
          `the file's SHA-256 is ${measured.sha256} (${measured.bytes} bytes) but the manifest records ` +
          `${manifest.file.sha256} (${manifest.file.bytes} bytes): the file was changed after export`,
      });
    }
    if (measured.rowsError !== null) {
      problems.push({ code: 'FILE_UNREADABLE', message: `the file cannot be read as ${manifest.format.toUpperCase()}: ${measured.rowsError}` });
    } else if (measured.rows !== null && measured.rows !== manifest.rows) {
      problems.push({
        code: 'ROW_COUNT_MISMATCH',
        message: `the file holds ${measured.rows} data row(s) but the manifest records ${manifest.rows}: rows were ${measured.rows < manifest.rows ? 'removed' : 'added'}`,
      });
    }
  }

  // Signature and history.
  const chainId = historyRepo(db).existingChainId();
  const keysFor = (cid: string) => keySet({ db, secrets: env.secrets, chainId: cid, platformSecret: env.platformSecret, now: env.now, create: false });
  const chainKeys = chainId ? keysFor(chainId) : null;
  let historySeq: number | null = null;
  if (manifest) {
    const sig = signatureProblem(manifest, manifest.chainId === chainId ? chainKeys : keysFor(manifest.chainId), 'the manifest');
    if (sig) problems.push(sig);
    if (manifest.chainId !== chainId) {
      problems.push({
        code: 'WRONG_WORKSPACE',
        message: `the manifest belongs to export chain ${manifest.chainId} (workspace "${manifest.workspace.name}"), not to this workspace's ${chainId ?? '(no exports yet)'}`,
      });
    } else {
      const row = historyRepo(db).byExportId(manifest.exportId);
      if (!row) {
        problems.push({
          code: 'NOT_IN_HISTORY',
          message: `export ${manifest.exportId} is not in this workspace's history: its row was removed, or it was never recorded here`,
        });
        // The manifest carries its own place in the chain: one beyond the history's end means
        // the newest rows were removed (however well the file itself was made to hold together).
        const lastSeq = historyRepo(db).last()?.seq ?? 0;
        if (manifest.seq > lastSeq) {
          problems.push({
            code: 'CHAIN_BROKEN',
            message: `this export is number ${manifest.seq} of the chain but the history ends at ${lastSeq}: the newest row(s) were removed`,
            seq: manifest.seq,
          });
        }
      } else {
        historySeq = row.seq;
        // Both the recorded hash and the recorded manifest must match: either may have been edited.
        const recorded = parseManifest(row.manifest);
        const sameContent = recorded.ok && canonicalJson(recorded.manifest) === canonicalJson(manifest);
        if (manifestHash(manifest) !== row.manifest_hash || !sameContent) {
          const fields = recorded.ok ? differingFields(recorded.manifest, manifest) : [];
          problems.push({
            code: 'HISTORY_MISMATCH',
            message: `the manifest differs from the one recorded for export ${manifest.exportId} at history row ${row.seq}${fields.length ? ` (fields: ${fields.join(', ')})` : ''}`,
            seq: row.seq,
          });
        }
      }
    }
  } else if (measured && chainId) {
    // No usable manifest: say which recorded export, if any, this file is.
    const matches = historyRepo(db)
      .all()
      .filter((r) => {
        const p = parseManifest(r.manifest);
        return p.ok && p.manifest.file.sha256 === measured.sha256;
      });
    const latest = matches[matches.length - 1];
    if (latest) {
      historySeq = latest.seq;
      const named = matches.map((r) => `${r.export_id} (history row ${r.seq})`).join(', ');
      const first = problems[0]!;
      first.message += `; the file's SHA-256 matches ${matches.length === 1 ? 'export' : 'exports'} ${named}`;
      first.seq = latest.seq;
    } else {
      problems.push({ code: 'NOT_IN_HISTORY', message: `no export in this workspace's history has this file's SHA-256 (${measured.sha256})` });
    }
  }

  // The history itself: a broken chain anywhere means its records cannot vouch for anything.
  if (chainId) {
    const report = checkChain(db, chainId, chainKeys);
    problems.push(...report.problems.filter((p) => p.code !== 'SIGNATURE_UNCHECKED'));
  }

  return {
    ok: problems.length === 0,
    problems,
    file,
    manifestPath,
    manifest,
    measured: measured ? { sha256: measured.sha256, bytes: measured.bytes, rows: measured.rows } : null,
    historySeq,
  };
}
