export const CLI_CJS: string;
export const CLI_CODE_CACHE_DIR: string;
/** The cache a command line uses: its leading words (`records-search`), `-` for none, `+help` when it asks for help; null for no cache. */
export function codeCacheName(argv: readonly string[]): string | null;
/** Loads the CommonJS bundle under `root` with the code cache of `argv`'s command; `keep()` stores this run's code when there was no usable cache. */
export function loadCliCjs(
  root: string,
  argv: readonly string[],
): { main: (argv: string[]) => Promise<number>; keep: () => void; cache: 'used' | 'rejected' | 'none' };
