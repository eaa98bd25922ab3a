/**
 * V8 compiles a function the first time it is called, on the page's main thread, unless its file
 * asks for all of its functions to be compiled when the file is (`//# allFunctionsCalledOnLoad`,
 * Chrome 136's explicit compile hints): then they are compiled with the file, off the main thread
 * while it streams in. The line-chart ECharts is fetched beside the shell (a module preload) and
 * its first setOption calls a large part of it: compiled lazily, that was about a third of the
 * chart's first draw on the main thread. The comment goes first in the file, after minification
 * (which drops comments).
 */
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** `code` marked for eager compilation (the hint must be the file's first line). */
export function withCompileHint(code: string): string {
  return code.startsWith(COMPILE_HINT) ? code : `${COMPILE_HINT}\n${code}`;
}

/** Marks the chunks whose entry module matches one of `modules`; the build fails if none does. */
export function eagerCompilePlugin(modules: readonly RegExp[]): Plugin {
  return {
    name: 'onetap-eager-compile',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        let marked = 0;
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || !chunk.facadeModuleId || !modules.some((m) => m.test(chunk.facadeModuleId!))) continue;
          chunk.code = withCompileHint(chunk.code);
          marked++;
        }
        if (marked < modules.length) this.error(`eager-compile: ${modules.length} modules to mark, ${marked} chunks found`);
      },
    },
  };
}
