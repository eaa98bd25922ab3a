/**
 * `onetap export records` and `onetap export verify`: the auditor exports of the Audit screen
 * (审计导出) on the command line. With --db the workspace file is opened directly; without it the
 * saved active workspace (or the demo) is started as the other doors do.
 *
 * Signing: the CLI never persists a secret, so manifests are signed with a key derived from the
 * workspace's platform secret key (--access-key with --secret-key-file or --secret-key, or ONETAP_ACCESS_KEY/ONETAP_SECRET_KEY;
 * a demo workspace's own keys otherwise; see services/export/signing-keys.ts). Ctrl-C cancels an
 * export and removes its partial file.
 */
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { ApiError, calls } from '../../../shared/contract';
import type { ExportProgress, ExportVerifyOutput } from '../../../shared/contract/export';
import { systemClock } from '../../main/services/core/clock';
import type { ServiceContext } from '../../main/services/core/context';
import { dispatch } from '../../main/services/core/dispatch';
import { memorySecretStore } from '../../main/services/core/secrets';
import { workspaceMigrations } from '../../main/services/db/migrations';
import { openDatabase, type Db } from '../../main/services/db/open';
import { demoPlatformSecret } from '../../main/services/export/demo-secret';
import { newExportId, runExport } from '../../main/services/export/run-export';
import { EXPORT_PLATFORM_SECRET_EXTENSION, type PlatformSecret, type PlatformSecretProvider } from '../../main/services/export/signing-keys';
import { verifyExportFile } from '../../main/services/export/verify-export';
import { handlers } from '../../main/services/handlers';
import { EXIT_FAILURE, printJson, QuietExit, UsageError } from '../output';
import { connectionFrom, SECRET_KEY_FILE_OPTION, SECRET_KEY_OPTION, secretKeyFrom, startServices, type ConnectionFlags } from '../services';
import { addRecordsFilterOptions, filterFromFlags, type RecordsFilterFlags } from '../records-filter-flags';

interface CommonFlags extends ConnectionFlags {
  db?: string;
  dataDir?: string;
  json?: boolean;
}

interface RecordsFlags extends CommonFlags, RecordsFilterFlags {
  format?: string;
  locale?: string;
  out?: string;
  exportId?: string;
}

/** Validates against the contract, failing as the other doors do (INVALID_INPUT, exit 2), naming flags. */
function parseInput<N extends 'export.records' | 'export.verify'>(name: N, raw: unknown): z.output<(typeof calls)[N]['input']> {
  const parsed = calls[name].input.safeParse(raw);
  if (parsed.success) return parsed.data as z.output<(typeof calls)[N]['input']>;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).filter((p) => p !== 'filter');
    fields[`--${path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) || '(input)'}`] ??= issue.message;
  }
  throw new ApiError('INVALID_INPUT', `invalid flags — ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { fields });
}

/** The signing secret from flags or the environment: both parts or neither. */
export function signingSecretFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): PlatformSecret | null {
  const accessKey = flags.accessKey ?? env.ONETAP_ACCESS_KEY;
  const secretKey = secretKeyFrom(flags, env);
  if (!accessKey && !secretKey) return null;
  if (!accessKey || !secretKey) throw new UsageError('signing needs --access-key and --secret-key together (or ONETAP_ACCESS_KEY and ONETAP_SECRET_KEY)');
  return { accessKey, secretKey };
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

function openWorkspaceFile(file: string): Db {
  if (!existsSync(file)) throw new UsageError(`--db: no such file: ${file}`);
  return openDatabase(resolve(file), { migrations: workspaceMigrations });
}

/** Runs against the booted services of the active workspace, with the flags' secret offered for signing. */
async function withServices<T>(flags: CommonFlags, secret: PlatformSecret | null, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const services = await startServices('cli', { ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), connection: connectionFrom(flags) });
  try {
    const ctx = services.ctx;
    if (secret) {
      const booted = ctx.extensions.get(EXPORT_PLATFORM_SECRET_EXTENSION) as PlatformSecretProvider | undefined;
      // The flags' secret signs for the workspace of that access key (or one without a key of its own).
      const fromFlags: PlatformSecretProvider = (ws) => (ws.accessKey === null || ws.accessKey === secret.accessKey ? secret : (booted?.(ws) ?? null));
      ctx.extensions.set(EXPORT_PLATFORM_SECRET_EXTENSION, fromFlags);
    }
    return await fn(ctx);
  } finally {
    await services.close();
  }
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

const workspaceOptions = (cmd: Command): Command =>
  cmd
    .option('--db <file>', 'workspace database file (else the active workspace)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--endpoint <url>', 'platform endpoint (else ONETAP_ENDPOINT; only without --db)')
    .option('--access-key <id>', 'platform access key id (else ONETAP_ACCESS_KEY); signs the manifest with --secret-key')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION);

export function register(program: Command): void {
  const exp = program.command('export').description('auditor exports (审计导出): masked, streamed, signed, verifiable');
  exp.exitOverride();

  const records = exp
    .command('records')
    .description('export the auth records of a Records filter to a file, with <file>.manifest.json beside it');
  workspaceOptions(addRecordsFilterOptions(records))
    .requiredOption('--format <format>', 'csv | xlsx | jsonl')
    .requiredOption('--out <file>', 'file to write (replaced only when the export completes)')
    .option('--locale <locale>', 'header language: zh-CN | en-US', 'zh-CN')
    .option('--export-id <id>', 'id to give the export (8–64 letters, digits, _ or -)')
    .option('--json', 'print { file, manifest, rows, sha256 } as JSON')
    .exitOverride()
    .action(async (o: RecordsFlags) => {
      const out = resolve(o.out!);
      const input = parseInput('export.records', {
        filter: filterFromFlags(o),
        format: o.format,
        locale: o.locale,
        out,
        ...(o.exportId !== undefined ? { exportId: o.exportId } : {}),
      });
      const secret = signingSecretFrom(o);
      const onProgress = progressPrinter(!o.json && process.stderr.isTTY === true);
      const res = await cancellable(async (signal) => {
        if (o.db !== undefined) {
          const db = openWorkspaceFile(o.db);
          try {
            const name = basename(o.db, extname(o.db));
            const signing = secret ?? demoPlatformSecret(db, null);
            return await runExport(
              { db, workspace: { id: `file:${name}`, name, accessKey: signing?.accessKey ?? null }, secrets: memorySecretStore(), platformSecret: signing, clock: systemClock, signal, onProgress },
              { exportId: input.exportId ?? newExportId(), filter: input.filter, format: input.format, locale: input.locale, target: out },
            );
          } finally {
            db.close();
          }
        }
        return withServices(o, secret, async (ctx) => {
          const unsubscribe = ctx.events.subscribe((name, payload) => {
            if (name === 'export.progress') onProgress(payload as ExportProgress);
          });
          try {
            return (await dispatch(handlers, ctx, 'export.records', input, signal)) as { file: string; manifest: string; rows: number; sha256: string };
          } finally {
            unsubscribe();
          }
        });
      });
      if (o.json) printJson({ file: res.file, manifest: res.manifest, rows: res.rows, sha256: res.sha256 });
      else process.stdout.write(`wrote ${res.rows.toLocaleString('en-US')} record(s) to ${res.file}\nmanifest ${res.manifest}\nsha256   ${res.sha256}\n`);
    });

  const verify = exp
    .command('verify')
    .description('check an export file against its manifest, its signature and the workspace history; exit 1 when anything is wrong')
    .argument('<file>', 'the export file (or its .manifest.json)');
  workspaceOptions(verify)
    .option('--json', 'print { ok, problems: [{ code, message }] } as JSON')
    .exitOverride()
    .action(async (file: string, o: CommonFlags) => {
      const { path } = parseInput('export.verify', { path: resolve(file) });
      const secret = signingSecretFrom(o);
      const v = await cancellable(async (signal) => {
        if (o.db !== undefined) {
          const db = openWorkspaceFile(o.db);
          try {
            return await verifyExportFile({ db, secrets: memorySecretStore(), platformSecret: secret ?? demoPlatformSecret(db, null), now: systemClock.now(), signal }, path!);
          } finally {
            db.close();
          }
        }
        return withServices(o, secret, async (ctx) => (await dispatch(handlers, ctx, 'export.verify', { path }, signal)) as ExportVerifyOutput);
      });
      printVerify(v, o.json === true);
      if (!v.ok) throw new QuietExit(EXIT_FAILURE);
    });
}
