export function electronVersion(root: string): string | null;
export function electronBinary(root: string, env?: Record<string, string | undefined>): string | null;
export function electronUnavailableReason(root: string, env?: Record<string, string | undefined>, platform?: string): string | null;
