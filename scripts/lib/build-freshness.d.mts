export function staleBuildReason(root: string): string | null;
