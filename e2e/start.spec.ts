/**
 * `npm start` in browser mode (scripts/start.mjs → `onetap serve`): SIGTERM to the start script
 * (directly or through npm) stops the server it started instead of leaving it running without a parent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

const launchers: [string, string, string[]][] = [
  ['the start script', process.execPath, ['scripts/start.mjs']],
  // npm runs the script under `sh -c`, and on SIGTERM stops only that shell.
  ['npm start', 'npm', ['start', '--']],
];

for (const [label, cmd, args] of launchers)
  test(`SIGTERM to ${label} stops the server it started`, async () => {
    test.setTimeout(180_000);
    const dir = mkdtempSync(join(tmpdir(), 'onetap-start-'));
    try {
      const child = spawn(cmd, [...args, '--port', '0', '--data-dir', join(dir, 'data')], {
        env: { ...process.env, ONETAP_BROWSER: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const m = /running at (http:\/\/\S+)/.exec(line);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`npm start exited (${code}) before the server was ready`)));
      });
      expect(await reachable(url)).toBe(true);
      child.kill('SIGTERM');
      await exited;
      await expect.poll(() => reachable(url), { timeout: 20_000 }).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
