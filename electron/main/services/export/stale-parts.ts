/**
 * Temporary `.part` files of exports. A running export writes `.<name>.<pid>.<random>.part`
 * beside its target; a process killed mid-export (kill -9, a crash, power loss) leaves it behind,
 * hidden and as big as the export had grown. Parts whose process is gone are removed before each
 * export into a folder and at start-up; a live export's part is never touched (its process is
 * alive, or, in this process, it is in the running set).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const PART = /^\..+\.(\d+)\.[0-9a-f]{12}\.part$/;

/** Parts of exports running in this process. */
const running = new Set<string>();

/** A fresh part path beside `target` (for the file or its manifest), owned by this process. */
export function partPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.part`);
}

export function markRunning(part: string): void {
  running.add(part);
}

export function markDone(part: string): void {
  running.delete(part);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but is someone else's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the stale parts in `dir`; the paths removed. Never throws (a folder may be gone or not ours). */
export function removeStaleParts(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = PART.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const pid = Number(m[1]);
    if (running.has(path) || (pid !== process.pid && alive(pid))) continue;
    try {
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // not ours to remove
    }
  }
  return removed;
}

/**
 * Start-up sweep: the browser door's export folders (`<data dir>/exports/<id>/`) and every folder
 * the workspace's history has exported into (where the CLI and the desktop app write).
 */
export function sweepStaleParts(dataDir: string, exportedTo: readonly string[]): string[] {
  const dirs = new Set<string>(exportedTo.map((p) => dirname(p)));
  const root = join(dataDir, 'exports');
  dirs.add(root);
  try {
    for (const e of readdirSync(root, { withFileTypes: true })) if (e.isDirectory()) dirs.add(join(root, e.name));
  } catch {
    // no browser exports yet
  }
  return [...dirs].flatMap((d) => removeStaleParts(d));
}
