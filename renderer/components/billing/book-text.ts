/**
 * A price book's name and source as the console shows them: a built-in book's own words come from
 * the locale files while they are the ones shipped (a book a workspace synced or a user wrote keeps
 * its own text, in whatever language it was written).
 */
import type { ComposerTranslation } from 'vue-i18n';
import { BUILT_IN_BOOKS, isBuiltInBookId } from '../../../shared/billing/price-books';

interface BookText {
  id: string;
  name: string;
  source?: string;
}

export function bookName(t: ComposerTranslation, b: BookText): string {
  return isBuiltInBookId(b.id) && b.name === BUILT_IN_BOOKS[b.id].name ? t(`providers.compare.bookName.${b.id}`) : b.name;
}

/** The name of the book `id` among `books` as bookName shows it; the id itself when it is not there (yet). */
export function bookNameById(t: ComposerTranslation, books: readonly BookText[] | undefined, id: string): string {
  const b = books?.find((x) => x.id === id);
  return b ? bookName(t, b) : id;
}

export function bookSource(t: ComposerTranslation, b: BookText & { source: string }): string {
  return isBuiltInBookId(b.id) && b.source === BUILT_IN_BOOKS[b.id].source ? t(`providers.compare.bookSource.${b.id}`) : b.source;
}
