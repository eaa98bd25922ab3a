export const CLI_BUNDLE: string;
export const CLI_INPUTS: string;
/** Why the bundle cannot be used (missing, or a source changed since it was built), or null. */
export function cliBundleStaleReason(root: string): string | null;
