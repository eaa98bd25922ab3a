/**
 * Price books on the command line (the console's own, in its data folder; shared by workspaces):
 *   onetap books list [--json]
 *   onetap books show BOOK [--json]                 BOOK: id or name; --json prints the form `add --file` reads
 *   onetap books add --file BOOK.json [--json]      a new book, or (with the id of one of yours) its new version
 *   onetap books delete ID [--json]
 *   onetap books use [BOOK...] --workspace NAME|ID [--json]   the books a workspace is billed with (none: the list price)
 * Every book goes through the contract (priceBooks.save), checked by the one priceBookSchema;
 * a refused book exits 1 with every field's message and changes nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { PriceBookView, WorkspaceBooks } from '../../../shared/contract/price-books';
import { formatMills } from '../../../shared/money/mills';
import { printJson, UsageError, formatCount } from '../output';
import { withSession, type CliSession } from '../session';

/** A book is a few kilobytes; a bigger file is not one. */
const MAX_BOOK_FILE = 1024 * 1024;

interface Flags {
  dataDir?: string;
  json?: boolean;
}

function session<T>(o: Flags, fn: (call: CliSession['call']) => Promise<T>): Promise<T> {
  return withSession({ ...(o.dataDir ? { dataDir: o.dataDir } : {}) }, { db: 'offline', withoutDb: 'none', consoleDb: 'data-dir' }, (s) =>
    fn((name, input) => s.call(name, input)),
  );
}

function bookLines(b: PriceBookView): string[] {
  return [
    `${b.id}  ${b.name}  (${b.provider}, ${b.model}${b.custom ? ', yours' : ', built-in'})`,
    `  effective ${b.effectiveDate}; source: ${b.source}`,
    ...b.tiers.map((t) => `  (${formatCount(t.from)}, ${t.to === null ? '∞)' : `${formatCount(t.to)}]`}  ${formatMills(t.unitPriceMills)} 元/次`),
    ...b.packages.map((p) => `  package ${formatCount(p.calls)} calls for ${formatMills(p.priceMills)} 元, ${p.months} months`),
    ...(b.usedBy.length ? [`  billing workspaces: ${b.usedBy.join(', ')}`] : []),
  ];
}

function choiceLines(w: WorkspaceBooks): string[] {
  return [
    `workspace ${w.workspace} (${w.provider}): ${w.chosen.length ? w.chosen.map((b) => `${b.id} from ${b.effectiveDate}`).join(', ') : 'no chosen book'}`,
    `  otherwise: ${w.base ? w.base.id : "the platform's own pricing"}`,
    ...w.months.map((m) => `  ${m.month}  ${m.book ?? "platform's pricing"}`),
  ];
}

function readBookFile(file: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`--file: no such file: ${file}`);
  }
  if (size > MAX_BOOK_FILE) throw new UsageError(`--file: ${file} is ${formatCount(size)} bytes; a price book is at most ${formatCount(MAX_BOOK_FILE)}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--file: ${file} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function register(program: Command): void {
  const books = program.command('books').description('price books: the built-in list prices and your own (edited copies, negotiated contracts)');
  const common = (c: Command) => c.option('--data-dir <dir>', 'console data folder').option('--json', 'machine-readable output');

  common(books.command('list').description('every price book: built-in, then yours')).action(async (o: Flags) => {
    const r = await session(o, (call) => call('priceBooks.list', {}));
    if (o.json) printJson(r);
    else process.stdout.write(r.books.flatMap(bookLines).join('\n') + '\n');
  });

  common(books.command('show <book>').description('one price book by id or name (--json: the form `books add --file` reads)')).action(
    async (book: string, o: Flags) => {
      const b = await session(o, (call) => call('priceBooks.get', { book }));
      if (o.json) printJson(b);
      else process.stdout.write(bookLines(b).join('\n') + '\n');
    },
  );

  common(
    books
      .command('add')
      .description('add a price book from a JSON file (with the id of one of yours: replace it); prices in thousandths of a yuan')
      .requiredOption('--file <file>', 'the book: { name, provider, model, tiers: [{ from, to, unitPriceMills }], packages, source, effectiveDate }'),
  ).action(async (o: Flags & { file: string }) => {
    const body = readBookFile(o.file);
    const b = await session(o, (call) => call('priceBooks.save', { book: body }));
    if (o.json) printJson(b);
    else process.stdout.write(['saved', ...bookLines(b)].join('\n') + '\n');
  });

  common(books.command('delete <id>').description('delete one of your price books (not a built-in one, nor one a workspace bills with)')).action(
    async (id: string, o: Flags) => {
      const r = await session(o, (call) => call('priceBooks.delete', { id }));
      if (o.json) printJson(r);
      else process.stdout.write(`deleted ${id}\n`);
    },
  );

  common(
    books
      .command('use [books...]')
      .description('choose the books a workspace is billed with; each prices the months from its effective date on (none: back to the list price)')
      .requiredOption('--workspace <name|id>', 'the workspace'),
  ).action(async (ids: string[], o: Flags & { workspace: string }) => {
    const r = await session(o, (call) => call('workspaces.setPriceBooks', { id: o.workspace, books: ids }));
    if (o.json) printJson(r);
    else process.stdout.write(choiceLines(r).join('\n') + '\n');
  });
}
