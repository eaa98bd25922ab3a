export const CLI_BUNDLE: string;
export const CLI_INPUTS: string;
/** Why the bundle cannot be used (missing, or a source changed since it was built), or null. */
export function cliBundleStaleReason(root: string): string | null;
/** The same answer with the stat calls in libuv's thread pool (bin/onetap.mjs loads the bundle meanwhile). */
export function cliBundleStaleReasonAsync(root: string): Promise<string | null>;
