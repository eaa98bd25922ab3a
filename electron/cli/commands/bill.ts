/**
 * Billing on the command line (amounts are decimal strings in 元):
 *   onetap bill quote --calls N [--package-remaining N] [--db FILE] [--json]
 *   onetap bill month YYYY-MM --db FILE [--json]
 *   onetap reconcile YYYY-MM --db FILE [--json] [--fail-on-mismatch]
 * `bill month` and `reconcile` open the workspace database file directly and compute with the
 * same services as the console. `reconcile` exits 0 whether or not the month matched (the
 * verdict is `status` in the output) unless --fail-on-mismatch asks for exit 1 on a mismatch.
 * `bill statement` and `bill export` are the contract's billing.statementPdf and billing.export
 * through dispatch, as the other doors make them: the same bytes for the same data.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DeliveryOutput, MonthBillOutput, ReconcileOutput } from '../../../shared/contract/billing';
import { isCalendarMonth } from '../../../shared/time/shanghai';
import { EXIT_FAILURE, intFlag, printJson, QuietExit, UsageError, formatCount } from '../output';
import { builtInBookIds, isBuiltInBookId } from '../../../shared/billing/book-ids';
import { ApiError } from '../../../shared/contract/errors';
import type { CallOutput } from '../../../shared/contract';
import { parseFlags, STORE_OPTION, STORE_PASSWORD_FILE_OPTION, withSession, type WorkspaceFlags } from '../session';
import { cell } from '../terminal-table';

function monthArg(value: string): string {
  // billingMonthSchema's check (calendarMonthSchema accepts exactly these), without loading zod for --help.
  if (!isCalendarMonth(value)) throw new UsageError(`month must be YYYY-MM, got ${JSON.stringify(value)}`);
  return value;
}

function tierLines(tiers: readonly { from: number; to: number | null; unitPrice: string; count: number; amount: string }[]): string[] {
  return tiers.map(
    (t) => `  (${formatCount(t.from)}, ${t.to === null ? '∞)' : `${formatCount(t.to)}]`}  ${t.unitPrice} × ${formatCount(t.count)} = ${t.amount}`,
  );
}

function printBill(b: MonthBillOutput): void {
  const out = [
    `Bill ${b.month} (${b.status}, ${b.ladder.source === 'platform' ? 'platform pricing' : 'built-in pricing'})`,
    `  billable ${formatCount(b.calls)} (login ${formatCount(b.billableByCapability.login)}, verify ${formatCount(b.billableByCapability.verify)})`,
    `  package covered ${formatCount(b.packageCovered)}, charged ${formatCount(b.charged)}`,
    'Tiers',
    ...tierLines(b.tiers),
    `Amount ${b.amount}`,
    'By app',
    ...b.allocation.apps.map(
      (a) => `  ${(a.appId ?? a.id).padEnd(20)} ${cell(a.name ?? '', 16)} ${formatCount(a.billable).padStart(12)}  ${a.amount.padStart(12)}`,
    ),
    'By operator',
    ...b.allocation.operators.map((o) => `  ${o.operator.padEnd(20)} ${formatCount(o.billable).padStart(29)}  ${o.amount.padStart(12)}`),
  ];
  if (b.forecast) {
    const f = b.forecast;
    out.push(`Forecast: ${formatCount(f.projectedCalls)} billable, ${f.projectedAmount} at month end`);
    if (f.nextTier) out.push(`  next tier (${f.nextTier.unitPrice}) ${f.nextTier.reachedOn ? `reached on ${f.nextTier.reachedOn}` : 'not reached this month'}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

function printReconcile(r: ReconcileOutput): void {
  const out = [`Reconciliation ${r.month}: ${r.status.toUpperCase()}`];
  if (r.missing.length) out.push(`  not synced from the platform: ${r.missing.join(', ')}`);
  out.push(
    `  lines ${formatCount(r.matchedLines)}/${formatCount(r.lineCount)} agree; local ${r.amountLocal}, platform bill ${r.amountPlatform ?? '-'}, gap ${r.deltaAmount ?? '-'}`,
  );
  for (const d of r.differences) {
    out.push(
      `  ${d.date} ${(d.appId ?? d.id).padEnd(14)} ${d.capability.padEnd(6)} ${d.operator}  local ${formatCount(d.local)}  platform ${formatCount(d.platform)}  delta ${d.delta > 0 ? '+' : ''}${formatCount(d.delta)}  ${d.amount}`,
    );
  }
  for (const d of r.billDifferences) out.push(`  bill ${d.field}: local ${d.local}, platform ${d.platform}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

interface FileFlags extends WorkspaceFlags {
  out: string;
  json?: boolean;
}

/** Makes a file through the contract (billing.statementPdf / billing.export) and says where it went. */
async function produce(call: 'billing.statementPdf' | 'billing.export', input: Record<string, unknown>, flags: FileFlags): Promise<void> {
  const command = call === 'billing.statementPdf' ? 'bill statement' : 'bill export';
  const out: DeliveryOutput = await withSession(flags, { db: 'offline', teamStore: command }, (s) => s.call(call, { ...input, out: resolve(flags.out) }));
  if (out.delivery !== 'saved') throw new Error(`unexpected delivery: ${out.delivery}`);
  const files = out.files ?? [out.path];
  if (flags.json) printJson({ month: input.month, files });
  else process.stdout.write(`${files.join('\n')}\n`);
}

function printProviderBill(b: CallOutput<'providers.bill'>): void {
  const out = [
    `Bill ${b.month} (book ${b.book}, ${b.model}${b.unitPrice ? `, ${b.unitPrice} per call` : ''})`,
    `  calls ${formatCount(b.calls)}, billable ${formatCount(b.billable)} (login ${formatCount(b.billableByCapability.login)}, verify ${formatCount(b.billableByCapability.verify)})`,
    `Amount ${b.amount}`,
    'By scheme',
    ...b.lines.map((l) => `  ${l.id.padEnd(20)} ${l.capability.padEnd(6)} ${formatCount(l.billable).padStart(12)}  ${l.amount.padStart(12)}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

function printProviderReconcile(r: CallOutput<'providers.reconcile'>): void {
  const out = [
    `Reconciliation ${r.month}: ${r.status.toUpperCase()} (book ${r.book}, ${r.model})`,
    `  lines ${formatCount(r.matchedLines)}/${formatCount(r.lineCount)} agree; local ${r.amountLocal}, Alibaba Cloud ${r.amountProvider}, gap ${r.deltaAmount}`,
    ...r.differences.map(
      (d) =>
        `  ${d.id.padEnd(20)} ${d.capability.padEnd(6)} ${d.presence.padEnd(13)} local ${formatCount(d.localAdd)} @${d.localPrice}  Alibaba ${formatCount(d.providerAdd)} @${d.providerPrice}  delta ${d.delta > 0 ? '+' : ''}${formatCount(d.delta)}`,
    ),
  ];
  if (r.unknownItems) out.push(`  ${r.unknownItems} billing line(s) of other items (SMS, liveness) not compared`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** One of the user's books by id or name, from the console's data folder; an unknown one is a usage error. */
async function userBook(book: string, dataDir: string | undefined) {
  try {
    return await withSession({ ...(dataDir ? { dataDir } : {}) }, { db: 'offline', withoutDb: 'none', consoleDb: 'data-dir' }, (s) =>
      s.call('priceBooks.get', { book }),
    );
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NOT_FOUND') throw new UsageError(`--book: ${e.message}`);
    throw e;
  }
}

export function register(program: Command): void {
  const bill = program.command('bill').description('bills computed from local data (amounts in 元 as decimal strings)');

  bill
    .command('quote')
    .description('price a number of billable calls: the package first, then the price book (progressive ladder or all-units)')
    .requiredOption('--calls <n>', 'billable calls in the month')
    .option('--book <id|name>', `price book: ${builtInBookIds.join('|')} or one of yours (onetap books list; default onetap)`)
    .option('--package-remaining <n>', 'calls still covered by packages', '0')
    .option('--db <file>', "use this workspace's synced pricing (else the built-in table)")
    .option(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--data-dir <dir>', 'console data folder (where your price books are kept)')
    .option('--json', 'machine-readable output')
    .action(
      async (o: {
        calls: string;
        book?: string;
        packageRemaining: string;
        db?: string;
        store?: string;
        storePasswordFile?: string;
        dataDir?: string;
        json?: boolean;
      }) => {
        const input = { calls: intFlag('--calls', o.calls), packageRemaining: intFlag('--package-remaining', o.packageRemaining) };
        await parseFlags('billing.quote', input);
        if (o.book !== undefined && o.book !== 'onetap' && (o.db !== undefined || o.store !== undefined))
          throw new UsageError("--db/--store prices with the workspace's synced onetap ladder: leave out --book or --db/--store");
        let q;
        if (o.db !== undefined || o.store !== undefined) {
          // The workspace's synced ladder (the onetap book) through the contract, as the console prices it.
          q = {
            ...(await withSession(o, { db: 'offline', teamStore: 'bill quote' }, (s) => s.call('billing.quote', input))).progressive,
            model: 'progressive' as const,
            book: 'onetap',
          };
        } else {
          // Loaded here, not for --help (the price books' schemas need zod). A built-in book is data at hand;
          // one of the user's is read from the console (by id or name).
          const { BUILT_IN_BOOKS, priceBookFromForm, publicQuote, quoteWithBook } = await import('../../../shared/billing');
          const book =
            o.book === undefined || isBuiltInBookId(o.book) ? BUILT_IN_BOOKS[o.book ?? 'onetap'] : priceBookFromForm(await userBook(o.book, o.dataDir));
          const priced = quoteWithBook(input.calls!, input.packageRemaining!, book);
          q = { ...publicQuote(priced), model: priced.model, book: priced.book };
        }
        if (o.json) printJson(q);
        else {
          process.stdout.write(
            [
              `book ${q.book} (${q.model})`,
              `calls ${formatCount(q.calls)}, package covered ${formatCount(q.packageCovered)}, charged ${formatCount(q.charged)}`,
              ...tierLines(q.tiers),
              `Amount ${q.amount}`,
            ].join('\n') + '\n',
          );
        }
      },
    );

  bill
    .command('month <month>')
    .description("a month's bill from a workspace database: tiers, packages, allocation to apps and operators, forecast when open")
    .option('--db <file>', 'workspace database file')
    .option(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--workspace <name|id>', 'a saved workspace of any provider (instead of --db)')
    .option('--secret-key <key>', "the workspace's secret for this run (not needed to bill from synced data)")
    .option('--data-dir <dir>', 'console data folder (with --workspace)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        month: string,
        o: { db?: string; store?: string; storePasswordFile?: string; workspace?: string; secretKey?: string; dataDir?: string; json?: boolean },
      ) => {
        const m = monthArg(month);
        if ([o.db, o.workspace, o.store].filter((x) => x !== undefined).length !== 1)
          throw new UsageError('give --db FILE, --store postgresql://… or --workspace NAME|ID');
        if (o.workspace !== undefined) {
          // A team workspace is read in its store, as --store does (teamStore).
          await withSession(o, { db: 'boot', teamStore: 'bill month' }, async ({ workspace: ws, call }) => {
            if (ws?.provider === 'aliyun-dypns') {
              const b = await call('providers.bill', { month: m });
              if (o.json) printJson(b);
              else printProviderBill(b);
            } else {
              const b = await call('billing.month', { month: m });
              if (o.json) printJson(b);
              else printBill(b);
            }
          });
          return;
        }
        const b = await withSession(o, { db: 'offline', teamStore: 'bill month' }, (s) => s.call('billing.month', { month: m }));
        if (o.json) printJson(b);
        else printBill(b);
      },
    );

  bill
    .command('statement <month>')
    .description("the month's statement as an A4 PDF (the same file as the console's 打印账单)")
    .option('--db <file>', 'workspace database file (offline)')
    .option(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one, or the demo)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--locale <locale>', 'zh-CN or en-US', 'zh-CN')
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--json', 'machine-readable output')
    .action(async (month: string, o: FileFlags & { locale: string }) => {
      await produce('billing.statementPdf', { month: monthArg(month), locale: o.locale }, o);
    });

  bill
    .command('export <month>')
    .description("the month's bill as XLSX (one sheet per table) or CSV (one file per table, written beside --out as <name>-<table>.csv)")
    .option('--db <file>', 'workspace database file (offline)')
    .option(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--workspace <id-or-name>', 'a saved workspace (else the active one, or the demo)')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .requiredOption('--format <format>', 'xlsx or csv')
    .option('--locale <locale>', 'zh-CN or en-US', 'zh-CN')
    .requiredOption('--out <file>', 'file to write')
    .option('--json', 'machine-readable output')
    .action(async (month: string, o: FileFlags & { format: string; locale: string }) => {
      await produce('billing.export', { month: monthArg(month), kind: 'bill', format: o.format, locale: o.locale }, o);
    });

  program
    .command('reconcile <month>')
    .description("compare local usage with the platform's usage statement and bill (exit 0 either way; see status)")
    .option('--db <file>', 'workspace database file')
    .option(...STORE_OPTION)
    .option(...STORE_PASSWORD_FILE_OPTION)
    .option('--workspace <name|id>', 'a saved workspace of any provider (Alibaba Cloud: against QueryGateVerifyBillingPublic)')
    .option('--secret-key <key>', "the workspace's secret for this run")
    .option('--data-dir <dir>', 'console data folder (with --workspace)')
    .option('--json', 'machine-readable output')
    .option('--fail-on-mismatch', 'exit 1 when the month is not matched')
    .action(
      async (
        month: string,
        o: {
          db?: string;
          store?: string;
          storePasswordFile?: string;
          workspace?: string;
          secretKey?: string;
          dataDir?: string;
          json?: boolean;
          failOnMismatch?: boolean;
        },
      ) => {
        const m = monthArg(month);
        if ([o.db, o.workspace, o.store].filter((x) => x !== undefined).length !== 1)
          throw new UsageError('give --db FILE, --store postgresql://… or --workspace NAME|ID');
        if (o.workspace !== undefined) {
          const status = await withSession(o, { db: 'boot', teamStore: 'reconcile' }, async ({ workspace: ws, call }) => {
            if (ws?.provider === 'aliyun-dypns') {
              const r = await call('providers.reconcile', { month: m });
              if (o.json) printJson(r);
              else printProviderReconcile(r);
              return r.status;
            }
            const r = await call('billing.reconcile', { month: m });
            if (o.json) printJson(r);
            else printReconcile(r);
            return r.status;
          });
          if (o.failOnMismatch && status !== 'matched') throw new QuietExit(EXIT_FAILURE);
          return;
        }
        const r = await withSession(o, { db: 'offline', teamStore: 'reconcile' }, (s) => s.call('billing.reconcile', { month: m }));
        if (o.json) printJson(r);
        else printReconcile(r);
        if (o.failOnMismatch && r.status !== 'matched') throw new QuietExit(EXIT_FAILURE);
      },
    );
}
