/**
 * price_books and workspace_price_books in the console database: the user's own books (shared
 * by every workspace) and, per workspace, the books it is billed with, in the order chosen.
 * Stored bodies are read back through priceBookSchema: a row edited by hand into nonsense is
 * skipped rather than trusted with money.
 */
import { priceBookFromForm, priceBookSchema, type PriceBook, type PriceBookForm } from '../../../../shared/billing';
import type { Db } from '../db/open';

interface Raw {
  id: string;
  body: string;
  created_at: number;
  updated_at: number;
}

export interface StoredBook {
  book: PriceBook;
  createdAt: number;
  updatedAt: number;
}

function fromRaw(r: Raw): StoredBook | null {
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    return null;
  }
  const parsed = priceBookSchema.safeParse(body);
  if (!parsed.success) return null;
  return { book: priceBookFromForm(parsed.data, r.id), createdAt: r.created_at, updatedAt: r.updated_at };
}

export function priceBooksRepo(db: Db) {
  return {
    all: (): StoredBook[] =>
      (db.prepare('SELECT id, body, created_at, updated_at FROM price_books ORDER BY created_at, id').all() as Raw[])
        .map(fromRaw)
        .filter((b): b is StoredBook => b !== null),
    get(id: string): StoredBook | null {
      const r = db.prepare('SELECT id, body, created_at, updated_at FROM price_books WHERE id = ?').get(id) as Raw | undefined;
      return r ? fromRaw(r) : null;
    },
    /** The id of the book with this name (names are unique), if any. */
    idByName: (name: string): string | null => (db.prepare('SELECT id FROM price_books WHERE name = ?').get(name) as { id: string } | undefined)?.id ?? null,
    put(id: string, form: PriceBookForm, now: number): void {
      const body = JSON.stringify({ ...form, id });
      db.prepare(
        `INSERT INTO price_books (id, name, provider, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, provider = excluded.provider, body = excluded.body, updated_at = excluded.updated_at`,
      ).run(id, form.name, form.provider, body, now, now);
    },
    remove: (id: string): boolean => db.prepare('DELETE FROM price_books WHERE id = ?').run(id).changes > 0,

    /** The book ids a workspace is billed with, in the order chosen. */
    chosen: (workspaceId: string): string[] =>
      (db.prepare('SELECT book_id FROM workspace_price_books WHERE workspace_id = ? ORDER BY position').all(workspaceId) as { book_id: string }[]).map(
        (r) => r.book_id,
      ),
    /** The workspaces billed with a book. */
    workspacesUsing: (bookId: string): string[] =>
      (db.prepare('SELECT workspace_id FROM workspace_price_books WHERE book_id = ? ORDER BY workspace_id').all(bookId) as { workspace_id: string }[]).map(
        (r) => r.workspace_id,
      ),
    /** Replaces a workspace's chosen books (one transaction). */
    choose(workspaceId: string, bookIds: readonly string[]): void {
      db.transaction(() => {
        db.prepare('DELETE FROM workspace_price_books WHERE workspace_id = ?').run(workspaceId);
        const ins = db.prepare('INSERT INTO workspace_price_books (workspace_id, book_id, position) VALUES (?, ?, ?)');
        bookIds.forEach((id, i) => ins.run(workspaceId, id, i));
      })();
    },
  };
}
