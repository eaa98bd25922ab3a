/**
 * vue-i18n for the whole renderer: views call `t('<area>.<key>')` (the messages: area-messages.ts).
 * zh-CN is the default and the fallback.
 *
 * The page holds only the language it shows: `loadLocale` fetches a language's messages (their own
 * chunk) before `applyLocale` switches to it; main.ts loads the settings' language before the first
 * paint, and a switch loads the other one then. In tests and the dev server every language is there
 * from the start (`virtual:onetap-messages/initial`), so tests switch synchronously.
 *
 * A built page's messages are compiled at build time (scripts/compile-locale-messages.ts: message
 * functions, plain JavaScript in the chunk, and strings for text only) and its vue-i18n is the
 * runtime-only one. Where messages are source (dev server, tests) vue-i18n 11 compiles them to an AST
 * and interprets it (JIT mode), so no `new Function` is ever built either way (the page's CSP).
 */
import { createI18n } from 'vue-i18n';
import initialMessages, { precompiled } from 'virtual:onetap-messages/initial';
import type { MessageTree } from './area-messages';
import { fetchLocaleMessages } from './locale-chunks';
import { DEFAULT_LOCALE, type Locale } from './locales';
import { staticMessageCompiler } from './static-messages';

export { DEFAULT_LOCALE, isLocale, SUPPORTED_LOCALES, type Locale } from './locales';

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: initialMessages as Record<Locale, MessageTree>,
  ...(precompiled ? { messageCompiler: staticMessageCompiler } : {}),
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

/** Makes `locale`'s messages available (once; a failed load is tried again by the next call). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (i18n.global.availableLocales.includes(locale)) return;
  const tree = await fetchLocaleMessages(locale);
  if (!i18n.global.availableLocales.includes(locale)) i18n.global.setLocaleMessage(locale, tree);
}

/** Switches every `t()` and the document language (screen readers, CJK line breaking); see `loadLocale`. */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
