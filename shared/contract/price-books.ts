/**
 * The 'priceBooks' area: the built-in list prices (read-only) and the user's own books (edited
 * copies, negotiated contracts) shared by every workspace, and the books each workspace is
 * billed with. A book goes in as its form (shared/billing/price-books `priceBookSchema`: prices
 * in integer thousandths of a yuan), checked by that one schema in the service, which answers
 * VALIDATION_FAILED with a message per field in the console's language.
 */
import * as z from 'zod';
import { pricingModels } from '../billing/ladder';
import { bookProviders } from '../billing/price-books';
import { providers } from '../providers/capabilities';
import { defineCall } from './define';

const count = z.number().int().nonnegative();
const bookRef = z.string().trim().min(1).max(80);

export const priceBookViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.enum(bookProviders),
  model: z.enum(pricingModels),
  tiers: z.array(z.object({ from: count, to: count.nullable(), unitPriceMills: count })),
  packages: z.array(z.object({ calls: count, priceMills: count, months: count })),
  source: z.string(),
  effectiveDate: z.string(),
  /** The user's own book (editable); false for a built-in list price. */
  custom: z.boolean(),
  /** Workspaces billed with it (a book in use cannot be deleted). */
  usedBy: z.array(z.string()),
});
export type PriceBookView = z.output<typeof priceBookViewSchema>;

export const workspaceBooksSchema = z.object({
  workspace: z.string(),
  provider: z.enum(providers),
  /** The provider's list price months fall back to; null: our platform's own pricing (GET /v1/pricing). */
  base: priceBookViewSchema.nullable(),
  /** The books chosen, in the order chosen; each applies from the month of its effective date on. */
  chosen: z.array(priceBookViewSchema),
  /** Which book prices each month from the first chosen book's month through `through` (null: the base). */
  months: z.array(z.object({ month: z.string(), book: z.string().nullable() })),
});
export type WorkspaceBooks = z.output<typeof workspaceBooksSchema>;

/** A workspace by id or name; the active one when absent. */
const workspaceRef = z.object({ id: z.string().trim().min(1).max(80).optional() });

export const priceBooksCalls = {
  'priceBooks.list': defineCall({
    summary: 'Every price book: the built-in list prices, then the user’s own (edited copies and negotiated books).',
    input: z.object({}).strict().default({}),
    output: z.object({ books: z.array(priceBookViewSchema) }),
  }),
  'priceBooks.get': defineCall({
    summary: 'One price book by id or name.',
    input: z.object({ book: bookRef }).strict(),
    output: priceBookViewSchema,
  }),
  'priceBooks.save': defineCall({
    summary: 'Add a price book (no id, or a new one) or replace one of the user’s own; built-in books are read-only.',
    // The book is checked by priceBookSchema in the service, so its messages are the user's language.
    input: z.object({ book: z.unknown() }).strict(),
    output: priceBookViewSchema,
  }),
  'priceBooks.delete': defineCall({
    summary: 'Delete one of the user’s own price books (not a built-in one, nor one a workspace bills with).',
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  }),
  'workspaces.priceBooks': defineCall({
    summary: 'The price books a workspace (default: the active one) is billed with, and which book prices each month.',
    input: workspaceRef.strict().default({}),
    output: workspaceBooksSchema,
  }),
  'workspaces.setPriceBooks': defineCall({
    summary: 'Choose the price books a workspace is billed with (replaces the choice; [] returns to the list price).',
    input: workspaceRef.extend({ books: z.array(bookRef).max(50) }).strict(),
    output: workspaceBooksSchema,
  }),
} as const;
