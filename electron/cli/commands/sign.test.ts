import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onetap } from '../testing/run-in-process';

const dir = mkdtempSync(join(tmpdir(), 'onetap-cli-sign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A request signed as seeds/003 §3.1 says, at the current time (so the window check passes).
function loginRequest(lower = false): string {
  const d = new Date(Date.now() + 8 * 3600_000).toISOString();
  const systemtime = d.slice(0, 23).replace(/[-T:.]/g, '');
  const f = { appid: '300011112222', version: '2.0', msgid: 'm1', systemtime, strictcheck: '0', token: 'tok' };
  const sign = createHash('md5')
    .update(Object.values(f).join('') + 'KEY')
    .digest('hex');
  const file = join(dir, `req-${lower}.json`);
  writeFileSync(file, JSON.stringify({ ...f, sign: lower ? sign : sign.toUpperCase() }));
  return file;
}

describe('onetap sign explain', () => {
  it('a correct request: exit 0 and the issue JSON shape', async () => {
    const r = await onetap('sign', 'explain', '--scheme', 'login-token-validate', '--request', loginRequest(), '--key', 'KEY', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['canonical', 'differs', 'expected', 'given', 'ok']);
    expect(out.ok).toBe(true);
  });
  it('a lower-case signature: exit 1, says case', async () => {
    const r = await onetap('sign', 'explain', '--scheme', 'login-token-validate', '--request', loginRequest(true), '--key', 'KEY');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('sign [case]');
  });
  it('an unknown scheme is a usage error', async () => {
    const r = await onetap('sign', 'explain', '--scheme', 'nope', '--request', loginRequest(), '--key', 'KEY', '--json');
    expect(r.code).toBe(2);
  });
});
