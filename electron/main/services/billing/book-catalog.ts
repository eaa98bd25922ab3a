/**
 * The price books a console knows: the built-in list prices (read-only data in
 * shared/billing/price-books) and the user's own (edited copies, negotiated contracts) in the
 * console database, shared by every workspace; and, per workspace, the books it is billed with.
 * Every door saves a book through `saveBook`, which checks it with the one `priceBookSchema`.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../../shared/contract/errors';
import {
  BUILT_IN_BOOKS,
  bookForMonth,
  builtInBookIds,
  isBuiltInBookId,
  priceBookIssues,
  describePriceBookIssues,
  priceBookSchema,
  type PriceBook,
} from '../../../../shared/billing';
import { defaultBookOf, type Provider } from '../../../../shared/providers/capabilities';
import type { ServiceContext } from '../core/context';
import { settingsRepo } from '../settings/settings-repo';
import { priceBooksRepo } from './price-books-repo';

/** A workspace as far as its books go. */
export interface BookedWorkspace {
  id: string;
  provider?: Provider;
}

/** Every book: built-in first, then the user's in the order they were added. */
export function allBooks(ctx: ServiceContext): PriceBook[] {
  return [
    ...builtInBookIds.map((id) => BUILT_IN_BOOKS[id]),
    ...priceBooksRepo(ctx.consoleDb)
      .all()
      .map((s) => s.book),
  ];
}

/** A book by id, or by name (built-in or the user's); null when there is none. */
export function findBook(ctx: ServiceContext, idOrName: string): PriceBook | null {
  if (isBuiltInBookId(idOrName)) return BUILT_IN_BOOKS[idOrName];
  const repo = priceBooksRepo(ctx.consoleDb);
  const byId = repo.get(idOrName);
  if (byId) return byId.book;
  const builtIn = builtInBookIds.find((id) => BUILT_IN_BOOKS[id].name === idOrName);
  if (builtIn) return BUILT_IN_BOOKS[builtIn];
  const id = repo.idByName(idOrName);
  return id ? (repo.get(id)?.book ?? null) : null;
}

export function requireBook(ctx: ServiceContext, idOrName: string): PriceBook {
  const b = findBook(ctx, idOrName);
  if (!b)
    throw new ApiError(
      'NOT_FOUND',
      `no price book ${JSON.stringify(idOrName)}: one of ${allBooks(ctx)
        .map((x) => x.id)
        .join(', ')}`,
      { fields: { book: 'unknown' } },
    );
  return b;
}

function locale(ctx: ServiceContext): 'zh-CN' | 'en-US' {
  try {
    return settingsRepo(ctx.consoleDb).read().locale;
  } catch {
    return 'zh-CN';
  }
}

/**
 * Adds a book (no id, or an id not in use) or replaces the user's book with that id. Refused,
 * changing nothing: a book the schema refuses (fields in the console's language), a built-in
 * id, a name another book has, a provider change while workspaces of the old one bill with it.
 */
export function saveBook(ctx: ServiceContext, raw: unknown): PriceBook {
  const parsed = priceBookSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = priceBookIssues(parsed.error, locale(ctx), raw);
    throw new ApiError('VALIDATION_FAILED', `${locale(ctx) === 'zh-CN' ? '价格手册无效' : 'invalid price book'} — ${describePriceBookIssues(fields)}`, {
      fields,
    });
  }
  const form = parsed.data;
  const repo = priceBooksRepo(ctx.consoleDb);
  const id = form.id ?? `book-${randomBytes(4).toString('hex')}`;
  const clash = repo.idByName(form.name);
  if ((clash !== null && clash !== id) || builtInBookIds.some((b) => BUILT_IN_BOOKS[b].name === form.name)) {
    const message = locale(ctx) === 'zh-CN' ? `已有名为“${form.name}”的价格手册` : `a price book named "${form.name}" exists`;
    throw new ApiError('CONFLICT', message, { fields: { name: message } });
  }
  const before = repo.get(id);
  if (before && before.book.provider !== form.provider && repo.workspacesUsing(id).length > 0) {
    const message =
      locale(ctx) === 'zh-CN'
        ? `工作区 ${repo.workspacesUsing(id).join('、')} 正在使用此手册，不能改为其他服务商`
        : `workspaces ${repo.workspacesUsing(id).join(', ')} bill with this book: its provider cannot change`;
    throw new ApiError('CONFLICT', message, { fields: { provider: message } });
  }
  repo.put(id, { ...form, id }, ctx.clock.now());
  return repo.get(id)!.book;
}

/** Deletes the user's book; a built-in one, or one a workspace bills with, is refused. */
export function deleteBook(ctx: ServiceContext, id: string): void {
  if (isBuiltInBookId(id)) throw new ApiError('CONFLICT', `${id} is a built-in price book: it cannot be deleted (duplicate it to change it)`);
  const repo = priceBooksRepo(ctx.consoleDb);
  if (!repo.get(id)) throw new ApiError('NOT_FOUND', `no price book of yours with id ${JSON.stringify(id)}`);
  const using = repo.workspacesUsing(id);
  if (using.length)
    throw new ApiError('CONFLICT', `workspaces ${using.join(', ')} bill with this book: choose other books for them first`, { detail: { workspaces: using } });
  repo.remove(id);
}

/** The provider's list price a workspace falls back to (null: our platform's own pricing). */
export function baseBookOf(ws: BookedWorkspace): PriceBook | null {
  const provider = ws.provider ?? 'onetap';
  if (provider === 'onetap') return null; // the platform's GET /v1/pricing, else the seed's table
  const id = defaultBookOf[provider];
  return isBuiltInBookId(id) ? BUILT_IN_BOOKS[id] : null;
}

/** The books a workspace chose, in the order chosen (a deleted or unreadable one is skipped). */
export function chosenBooks(ctx: ServiceContext, ws: BookedWorkspace): PriceBook[] {
  return priceBooksRepo(ctx.consoleDb)
    .chosen(ws.id)
    .map((id) => findBookById(ctx, id))
    .filter((b): b is PriceBook => b !== null && b.provider === (ws.provider ?? 'onetap'));
}

function findBookById(ctx: ServiceContext, id: string): PriceBook | null {
  return isBuiltInBookId(id) ? BUILT_IN_BOOKS[id] : (priceBooksRepo(ctx.consoleDb).get(id)?.book ?? null);
}

/** The book `month` of a workspace is billed with (see bookForMonth); null: the platform's pricing. */
export function bookOfMonth(ctx: ServiceContext, ws: BookedWorkspace, month: string): PriceBook | null {
  return bookForMonth(baseBookOf(ws), chosenBooks(ctx, ws), month);
}

/** Sets the books a workspace is billed with (replacing its choice); each must name the workspace's provider. */
export function chooseBooks(ctx: ServiceContext, ws: BookedWorkspace, ids: readonly string[]): void {
  const provider = ws.provider ?? 'onetap';
  const books = ids.map((id) => requireBook(ctx, id));
  const seen = new Set<string>();
  for (const b of books) {
    if (seen.has(b.id)) throw new ApiError('INVALID_INPUT', `price book ${b.id} is chosen twice`, { fields: { books: 'duplicate' } });
    seen.add(b.id);
    if (b.provider !== provider)
      throw new ApiError('INVALID_INPUT', `price book ${b.id} is for ${b.provider}; workspace ${ws.id} speaks ${provider}`, { fields: { books: 'provider' } });
  }
  priceBooksRepo(ctx.consoleDb).choose(
    ws.id,
    books.map((b) => b.id),
  );
}

/** Workspaces billed with each user book (for the list: a book in use cannot be deleted). */
export function usedBy(ctx: ServiceContext, id: string): string[] {
  return priceBooksRepo(ctx.consoleDb).workspacesUsing(id);
}

/** A removed workspace's choice goes with it (its books stay, and can be deleted again). */
export function forgetWorkspaceBooks(ctx: ServiceContext, workspaceId: string): void {
  priceBooksRepo(ctx.consoleDb).choose(workspaceId, []);
}
