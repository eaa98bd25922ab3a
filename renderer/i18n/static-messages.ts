/**
 * The built page's messages are compiled at build time (scripts/compile-locale-messages.ts): each is
 * its message function, or a string when it is only text (or what the compiler rejects, which the
 * run-time compiler would show as written). vue-i18n, built without its compiler, asks this for a
 * string's function: the string itself. Never used where messages are still source (dev, tests).
 */
import type { MessageCompiler } from 'vue-i18n';

export const staticMessageCompiler: MessageCompiler = (message) => {
  const text = typeof message === 'string' ? message : '';
  return () => text;
};
