import type { BuildOptions } from 'esbuild';
/** esbuild's options for the `onetap` bundle (scripts/build-cli.mjs) into `outdir`, relative to `root`. */
export function cliBuildOptions(root: string, outdir: string): BuildOptions & { metafile: true };
