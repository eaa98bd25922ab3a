import { createHash, createHmac } from 'node:crypto';
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

  it('platform-response: a curl -i response and the request nonce; a re-formatted body is named', async () => {
    const body = '{"currency":"CNY","tiers":[]}';
    const nonce = 'cli-nonce-0123456789abcdef';
    const sig = createHmac('sha256', 'SECRET')
      .update(`200\n${nonce}\n${createHash('sha256').update(body).digest('hex')}`)
      .digest('hex');
    const file = join(dir, 'response.txt');
    writeFileSync(file, `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Signature: ${sig}\r\n\r\n${body}`);
    const ok = await onetap('sign', 'explain', '--scheme', 'platform-response', '--response', file, '--nonce', nonce, '--key', 'SECRET', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, given: sig, expected: sig });
    const pretty = join(dir, 'response-pretty.txt');
    writeFileSync(pretty, `HTTP/1.1 200 OK\r\nX-Signature: ${sig}\r\n\r\n${JSON.stringify(JSON.parse(body), null, 2)}`);
    const bad = await onetap('sign', 'explain', '--scheme', 'platform-response', '--response', pretty, '--nonce', nonce, '--key', 'SECRET');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('body [changed]');
    // --response belongs to platform-response; --nonce too.
    expect((await onetap('sign', 'explain', '--scheme', 'platform', '--response', file, '--key', 'K')).code).toBe(2);
  });

  it('--send-to-demo replays the call to the demo emulator and shows the return code with its meaning', async () => {
    const data = join(dir, 'data');
    const r = await onetap(
      'sign',
      'explain',
      '--scheme',
      'login-token-validate',
      '--request',
      loginRequest(),
      '--key',
      'KEY',
      '--send-to-demo',
      '--data-dir',
      data,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    // The appid is not one of the demo's: the gateway answers 103119, which the seed's table explains.
    expect(out.demo).toMatchObject({ method: 'POST', path: '/unisdk/rsapi/loginTokenValidate', status: 200, resultCode: '103119' });
    expect(out.demo.entry.meaning).toBe('appid不存在');
    const text = await onetap(
      'sign',
      'explain',
      '--scheme',
      'login-token-validate',
      '--request',
      loginRequest(),
      '--key',
      'KEY',
      '--send-to-demo',
      '--data-dir',
      data,
      '--locale',
      'en-US',
    );
    expect(text.stdout).toContain('Sent to the demo: POST /unisdk/rsapi/loginTokenValidate → HTTP 200');
    expect(text.stdout).toContain('Return code 103119: appid does not exist');
    expect((await onetap('sign', 'explain', '--scheme', 'acs3', '--request', loginRequest(), '--key', 'K', '--send-to-demo')).code).toBe(2);
  }, 120_000);
});
