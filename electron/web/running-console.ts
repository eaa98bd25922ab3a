/**
 * Which browser-mode console already runs for a data folder, so a second `npm start` opens that
 * one instead of a new port and token; and the token kept for `onetap serve --port N`, so a
 * bookmarked address keeps working across restarts. Both files are private to the user (0600),
 * like the workspace databases next to them.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as z from 'zod';

const RUNNING_FILE = 'browser-console.json';
const TOKEN_FILE = 'browser-token';

const runningSchema = z.object({ pid: z.number().int().positive(), url: z.string().url(), origin: z.string().url(), token: z.string().min(16) });
export type RunningConsole = z.output<typeof runningSchema>;

export function recordRunning(dataDir: string, info: RunningConsole): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, RUNNING_FILE), JSON.stringify(info), { mode: 0o600 });
}

/** Forgets the record, only if it is this process's (a newer console may have replaced it). */
export function forgetRunning(dataDir: string, pid = process.pid): void {
  const file = join(dataDir, RUNNING_FILE);
  try {
    const r = runningSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (r.pid === pid) rmSync(file, { force: true });
  } catch {
    // no record, or not ours to judge: leave it
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The console recorded for this folder, if its process lives and its address answers with its token. */
export async function findRunning(dataDir: string, timeoutMs = 2000): Promise<RunningConsole | null> {
  const file = join(dataDir, RUNNING_FILE);
  if (!existsSync(file)) return null;
  let r: RunningConsole;
  try {
    r = runningSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
  if (!alive(r.pid)) return null;
  try {
    const res = await fetch(`${r.origin}/api/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok ? r : null;
  } catch {
    return null;
  }
}

/** The token of `serve --port N`: made once, then reused so the same URL opens the console again. */
export function stableToken(dataDir: string): string {
  const file = join(dataDir, TOKEN_FILE);
  try {
    const t = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(t)) return t;
  } catch {
    // first time
  }
  const t = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, t, { mode: 0o600 });
  return t;
}
