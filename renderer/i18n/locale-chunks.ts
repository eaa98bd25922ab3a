/**
 * One language's messages, loaded once (its own chunk in the build: scripts/locale-messages-plugin.ts).
 * Part of the page's boot script, which starts the download as soon as the settings say which
 * language the page shows; the i18n setup (renderer/i18n/index.ts) then finds it loaded or on its way.
 */
import type { MessageTree } from './area-messages';
import type { Locale } from './locales';

const loading = new Map<Locale, Promise<MessageTree>>();

function importLocale(locale: Locale): Promise<{ default: unknown }> {
  // Literal specifiers: the bundler makes one chunk of each.
  return locale === 'en-US' ? import('virtual:onetap-messages/en-US') : import('virtual:onetap-messages/zh-CN');
}

export function fetchLocaleMessages(locale: Locale): Promise<MessageTree> {
  let p = loading.get(locale);
  if (!p) {
    p = importLocale(locale).then(
      (m) => m.default as MessageTree,
      (e: unknown) => {
        loading.delete(locale); // a later switch tries again
        throw e;
      },
    );
    loading.set(locale, p);
  }
  return p;
}
