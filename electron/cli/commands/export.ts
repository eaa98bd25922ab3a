/**
 * `onetap export records` and `onetap export verify`: the auditor exports of the Audit screen
 * (审计导出) on the command line. With --db the workspace file is opened directly; without it the
 * saved active workspace (or the demo) is started as the other doors do.
 *
 * With --store the records are read from the team store and the export is appended to the store's
 * export history (append-only in the database; a read-only role is refused before anything is written).
 *
 * Signing: the CLI never persists a secret, so manifests are signed with a key derived from the
 * workspace's platform secret key (--access-key with --secret-key-file or --secret-key, or ONETAP_ACCESS_KEY/ONETAP_SECRET_KEY;
 * a demo workspace's own keys otherwise; see services/export/signing-keys.ts). Ctrl-C cancels an
 * export and removes its partial file.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ExportProgress, ExportVerifyOutput } from '../../../shared/contract/export';
import { EXIT_FAILURE, printJson, QuietExit } from '../output';
import { parseFlags, signingSecretFrom, withSession, WORKSPACE_OPTION, workspaceOptions, type WorkspaceFlags } from '../session';
import { addRecordsFilterOptions, filterFromFlags, type RecordsFilterFlags } from '../records-filter-flags';

interface CommonFlags extends WorkspaceFlags {
  json?: boolean;
}

interface RecordsFlags extends CommonFlags, RecordsFilterFlags {
  format?: string;
  locale?: string;
  out?: string;
  exportId?: string;
}

/** Aborts on Ctrl-C (and SIGTERM) while `fn` runs. */
async function cancellable<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await fn(ac.signal);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

function progressPrinter(enabled: boolean): (p: ExportProgress) => void {
  if (!enabled) return () => undefined;
  return (p) => {
    const of = p.total !== null ? ` / ${p.total.toLocaleString('en-US')}` : '';
    const end = p.phase === 'done' || p.phase === 'cancelled' || p.phase === 'failed' ? '\n' : '';
    process.stderr.write(`\r\x1b[2K${p.phase} ${p.rows.toLocaleString('en-US')}${of} rows (${p.rowsPerSec.toLocaleString('en-US')} rows/s)${end}`);
  };
}

function printVerify(v: ExportVerifyOutput, json: boolean): void {
  if (json) {
    printJson({ ok: v.ok, problems: v.problems.map((p) => ({ code: p.code, message: p.message })) });
    return;
  }
  if (v.ok) {
    const m = v.measured!;
    process.stdout.write(`OK  ${v.file}\n    sha256 ${m.sha256}, ${m.rows ?? '?'} row(s), history row ${v.historySeq}, signature valid, chain intact\n`);
    return;
  }
  process.stdout.write(`NOT VERIFIED  ${v.file}\n`);
  for (const p of v.problems) process.stdout.write(`  ${p.code}: ${p.message}\n`);
}

const exportWorkspaceOptions = (cmd: Command): Command =>
  workspaceOptions(cmd, {
    endpoint: 'platform endpoint (else ONETAP_ENDPOINT; only without --db)',
    accessKey: 'platform access key id (else ONETAP_ACCESS_KEY); signs the manifest with --secret-key',
  }).option(...WORKSPACE_OPTION);

export function register(program: Command): void {
  const exp = program.command('export').description('auditor exports (审计导出): masked, streamed, signed, verifiable');
  exp.exitOverride();

  const records = exp
    .command('records')
    .description(
      'export the auth records of a Records filter to a file, with <file>.manifest.json beside it. With --store: from the team store, ' +
        "appended to the store's own export history (a login in onetap_auditor; a read-only login is refused)",
    );
  exportWorkspaceOptions(addRecordsFilterOptions(records))
    .requiredOption('--format <format>', 'csv | xlsx | jsonl')
    .requiredOption('--out <file>', 'file to write (replaced only when the export completes)')
    .option('--locale <locale>', 'header language: zh-CN | en-US', 'zh-CN')
    .option('--export-id <id>', 'id to give the export (8–64 letters, digits, _ or -)')
    .option('--json', 'print { file, manifest, rows, sha256 } as JSON')
    .exitOverride()
    .action(async (o: RecordsFlags) => {
      const out = resolve(o.out!);
      const input = {
        filter: filterFromFlags(o),
        format: o.format,
        locale: o.locale,
        out,
        ...(o.exportId !== undefined ? { exportId: o.exportId } : {}),
      };
      await parseFlags('export.records', input);
      const signing = signingSecretFrom(o);
      const onProgress = progressPrinter(!o.json && process.stderr.isTTY === true);
      const res = await cancellable((signal) =>
        withSession(o, { db: 'offline', signing, teamStore: 'export records' }, async (s) => {
          const unsubscribe = s.ctx.events.subscribe((name, payload) => {
            if (name === 'export.progress') onProgress(payload as ExportProgress);
          });
          try {
            return await s.call('export.records', input, signal);
          } finally {
            unsubscribe();
          }
        }),
      );
      if (o.json) printJson({ file: res.file, manifest: res.manifest, rows: res.rows, sha256: res.sha256 });
      else process.stdout.write(`wrote ${res.rows.toLocaleString('en-US')} record(s) to ${res.file}\nmanifest ${res.manifest}\nsha256   ${res.sha256}\n`);
    });

  const verify = exp
    .command('verify')
    .description('check an export file against its manifest, its signature and the workspace history; exit 1 when anything is wrong')
    .argument('<file>', 'the export file (or its .manifest.json)');
  exportWorkspaceOptions(verify)
    .option('--json', 'print { ok, problems: [{ code, message }] } as JSON')
    .exitOverride()
    .action(async (file: string, o: CommonFlags) => {
      const input = { path: resolve(file) };
      await parseFlags('export.verify', input);
      const signing = signingSecretFrom(o);
      const v: ExportVerifyOutput = await cancellable((signal) =>
        withSession(o, { db: 'offline', signing, teamStore: 'export verify' }, (s) => s.call('export.verify', input, signal)),
      );
      printVerify(v, o.json === true);
      if (!v.ok) throw new QuietExit(EXIT_FAILURE);
    });
}
