import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRunning, forgetRunning, recordRunning, stableToken } from './running-console';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((s) => new Promise((ok) => s.close(ok))));
});
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'onetap-running-'));
  dirs.push(d);
  return d;
};

/** A stand-in host that answers app.info only with its token. */
async function fakeHost(token: string): Promise<string> {
  const s = createServer((req, res) => {
    res.writeHead(req.headers.authorization === `Bearer ${token}` ? 200 : 401).end('{}');
  });
  servers.push(s);
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const a = s.address() as { port: number };
  return `http://127.0.0.1:${a.port}`;
}

describe('the running browser console of a data folder', () => {
  it('is found while its process lives and its address answers with its token', async () => {
    const d = dir();
    const token = 'x'.repeat(40);
    const origin = await fakeHost(token);
    expect(await findRunning(d)).toBeNull();
    recordRunning(d, { pid: process.pid, url: `${origin}/#token=${token}`, origin, token });
    expect(statSync(join(d, 'browser-console.json')).mode & 0o777).toBe(0o600);
    expect((await findRunning(d))?.url).toBe(`${origin}/#token=${token}`);
    // Another token at that address: not ours (a new console took the port).
    recordRunning(d, { pid: process.pid, url: `${origin}/#token=${'y'.repeat(40)}`, origin, token: 'y'.repeat(40) });
    expect(await findRunning(d)).toBeNull();
  });

  it('is not found once its process is gone, and is forgotten only by its own process', async () => {
    const d = dir();
    const token = 'z'.repeat(40);
    const origin = await fakeHost(token);
    recordRunning(d, { pid: 2 ** 22 + 12345, url: `${origin}/#token=${token}`, origin, token });
    expect(await findRunning(d)).toBeNull();
    recordRunning(d, { pid: process.pid, url: `${origin}/#token=${token}`, origin, token });
    forgetRunning(d, process.pid + 1);
    expect(await findRunning(d)).not.toBeNull();
    forgetRunning(d);
    expect(await findRunning(d)).toBeNull();
  });

  it('keeps one token for a fixed port across restarts', () => {
    const d = dir();
    const a = stableToken(d);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stableToken(d)).toBe(a);
    expect(statSync(join(d, 'browser-token')).mode & 0o777).toBe(0o600);
  });
});
