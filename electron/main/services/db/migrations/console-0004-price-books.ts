import type { Migration } from '../migrate';

/**
 * The user's price books (edited copies of a list price, negotiated contracts) belong to the
 * console and are shared by its workspaces; each workspace keeps the books it is billed with.
 * A book is stored as its validated form (shared/billing/price-books `priceBookSchema`, prices
 * in integer thousandths of a yuan), read back through the same schema. Built-in books are data
 * in the code and never stored here; a workspace may still name one (`book_id` has no foreign key).
 *
 * `version` is the position in the console list (migrate() requires 1..n without gaps): the
 * file number 0004 was assigned to this area; the lead renumbers `version` when merging.
 */
export const consolePriceBooks: Migration = {
  version: 4,
  name: 'price-books',
  up: `
CREATE TABLE price_books (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,      -- unique, so a book can be named on the command line
  provider    TEXT NOT NULL,
  body        TEXT NOT NULL,             -- the validated form, JSON
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE workspace_price_books (
  workspace_id  TEXT NOT NULL,
  book_id       TEXT NOT NULL,
  position      INTEGER NOT NULL,        -- the order chosen: on the same effective date the later one wins
  PRIMARY KEY (workspace_id, book_id)
);
CREATE INDEX workspace_price_books_book ON workspace_price_books (book_id);
`,
};
