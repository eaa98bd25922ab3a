import { userInfo } from 'node:os';

/** The operating-system account running the console, for the manifest ("who exported"). */
export function osUserName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return env.USER ?? env.USERNAME ?? env.LOGNAME ?? 'unknown';
}
