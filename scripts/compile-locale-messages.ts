/**
 * One language's message tree as JavaScript source, its messages compiled at build time: the page
 * then runs vue-i18n without its message compiler (parsing every message the first time it is shown
 * was a measurable share of the first view's start-up, and the compiler itself ships no more).
 *
 * Each message becomes the message function @intlify/message-compiler generates for it: plain
 * JavaScript in the chunk, so the page's CSP (no eval, no `new Function`) holds. A message that is
 * only text stays a string (smaller, and JSON-cheap to load): the page's i18n instance hands such a
 * string back as it is (renderer/i18n/static-messages.ts). So does a message the compiler rejects,
 * which is what vue-i18n's run-time compiler shows for it too.
 */
import { baseCompile } from '@intlify/message-compiler';
import type { MessageTree } from '../renderer/i18n/area-messages';

/** The message as a JavaScript expression: a string literal, or the compiled message function. */
export function compileMessage(message: string): string {
  let failed = false;
  const onError = (): void => void (failed = true);
  const { ast } = baseCompile(message, { jit: true, location: false, onError });
  if (failed) return JSON.stringify(message);
  // The optimiser folds a message made only of text into `static`; a literal ({'{'}) folds too, but
  // then the text differs from the source and the string alone would show the source.
  const body = ast.body as { static?: string };
  if (body.static === message) return JSON.stringify(message);
  const { code } = baseCompile(message, { mode: 'arrow', jit: false, location: false, onError });
  if (failed) return JSON.stringify(message);
  return code;
}

/** The tree as a JavaScript object literal, keys in the source's order. */
export function compileMessageTree(tree: MessageTree): string {
  const entries = Object.entries(tree).map(
    ([key, value]) => `${JSON.stringify(key)}:${typeof value === 'string' ? compileMessage(value) : compileMessageTree(value)}`,
  );
  return `{${entries.join(',')}}`;
}
