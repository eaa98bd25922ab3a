import type { BuildOptions } from 'esbuild';
/** esbuild's options for the `onetap` bundle (scripts/build-cli.mjs) into `outdir`, relative to `root`. */
export function cliBuildOptions(root: string, outdir: string): BuildOptions & { metafile: true };
/** The same command line as one CommonJS file at `outfile` (relative to `root`), for V8's code cache. */
export function cliCjsBuildOptions(root: string, outfile: string): BuildOptions & { metafile: true };
