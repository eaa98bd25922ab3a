/**
 * The page loads only the messages of the language it shows. The area message modules keep both
 * languages side by side (renderer/i18n/area-messages.ts, the form the team edits and tests check),
 * so the build splits them: `virtual:onetap-messages/<locale>` is that language's merged tree with
 * its messages compiled (scripts/compile-locale-messages.ts), its own chunk, loaded by
 * renderer/i18n/locale-chunks.ts. `virtual:onetap-messages/initial` is what the i18n instance starts
 * with: nothing in a build (the page loads its language before it mounts), every language in the dev
 * server and in tests (which switch language synchronously), read from the sources so edits show;
 * its `precompiled` says which of the two the page has.
 *
 * In a build the page's vue-i18n has no message compiler: this plugin sets its flag (the dev server
 * and tests compile the source messages at run time) and the build resolves vue-i18n to its
 * runtime-only bundle.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { compileMessageTree } from './compile-locale-messages';
import { messages } from '../renderer/i18n/area-messages';
import { isLocale } from '../renderer/i18n/locales';

const PREFIX = 'virtual:onetap-messages/';
const SOURCE = fileURLToPath(new URL('../renderer/i18n/area-messages.ts', import.meta.url));

export function localeMessagesPlugin(): Plugin {
  let build = false;
  return {
    name: 'onetap-locale-messages',
    // A build's page carries compiled messages and no message compiler (tests build with sources).
    config: (_config, env) => {
      build = env.command === 'build' && !process.env.VITEST;
      return {
        define: { __INTLIFY_DROP_MESSAGE_COMPILER__: JSON.stringify(build) },
        resolve: build ? { alias: [{ find: /^vue-i18n$/, replacement: 'vue-i18n/dist/vue-i18n.runtime.mjs' }] } : {},
      };
    },
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const which = id.slice(PREFIX.length + 1);
      if (which === 'initial')
        return build
          ? 'export default {};\nexport const precompiled = true;'
          : `export { messages as default } from ${JSON.stringify(SOURCE)};\nexport const precompiled = false;`;
      if (!isLocale(which)) throw new Error(`no messages for ${which}`);
      if (!build) return `import { messages } from ${JSON.stringify(SOURCE)};\nexport default messages[${JSON.stringify(which)}];`;
      return `export default ${compileMessageTree(messages[which])};`;
    },
  };
}
