export const NATIVE_DIR: string;
export const BINDING_FILE: string;
export const STAMP_FILE: string;
export function nativeBindingDir(root: string, electronVersion: string): string;
export function expectedStamp(
  root: string,
  electronVersion: string,
  platform?: string,
  arch?: string,
): { electron: string; betterSqlite3: string; platform: string; arch: string };
export function stampProblem(dir: string, expected: Record<string, string>): string | null;
