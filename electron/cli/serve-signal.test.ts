/**
 * `onetap serve` as users and scripts run it (`npx onetap serve`, `npm start`'s child): SIGTERM
 * stops the server and the process exits, leaving nothing listening.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/onetap.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'onetap-sigterm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reachable(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 5000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

describe('onetap serve and SIGTERM', () => {
  it('closes the server and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--api-only', '--port', '0', '--data-dir', join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const msg = JSON.parse(line) as { event?: string; url?: string };
          if (msg.event === 'ready' && msg.url) resolve(msg.url);
        } catch {
          // not the ready line
        }
      });
      void exited.then((e) => reject(new Error(`serve exited before ready: ${JSON.stringify(e)}`)));
    });
    expect(await reachable(url)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await reachable(url)).toBe(false);
  }, 120_000);
});
