import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emulatorOptionsFromFlags } from '../electron/cli/commands/emulator';
import { UsageError } from '../electron/cli/output';
import { SignedClient } from './testing/signed-client';

const root = fileURLToPath(new URL('..', import.meta.url));
const onetap = (args: string[]) => spawn(process.execPath, [`${root}bin/onetap.mjs`, 'emulator', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

describe('onetap emulator flags', () => {
  it('maps every flag to an option', () => {
    expect(
      emulatorOptionsFromFlags({
        port: '0',
        host: '127.0.0.1',
        seed: '5',
        start: '2026-01-01',
        days: '10',
        daily: '500',
        apps: '3',
        rate: '2',
        faults: '500:0.1',
        drift: '4',
      }),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      seed: 5,
      start: '2026-01-01',
      days: 10,
      daily: 500,
      apps: 3,
      rate: 2,
      faults: '500:0.1',
      drift: 4,
    });
  });

  it('reads --rate as N a second (fractions allowed), N/min, N/h or diurnal', () => {
    const rate = (r: string) => emulatorOptionsFromFlags({ port: '0', host: '127.0.0.1', rate: r }).rate;
    expect(rate('0.5')).toBe(0.5);
    expect(rate('30/min')).toBe(0.5);
    expect(rate('diurnal')).toBe('diurnal');
  });

  for (const [flag, value] of [
    ['port', '70000'],
    ['rate', '3/day'],
    ['rate', '200000'],
    ['days', '0'],
    ['days', '1.5'],
    ['apps', '41'],
    ['rate', '-1'],
    ['start', '2026-02-30'],
    ['seed', 'abc'],
  ] as const) {
    it(`refuses --${flag} ${value} as a usage error`, () => {
      expect(() => emulatorOptionsFromFlags({ port: '0', host: '127.0.0.1', [flag]: value })).toThrow(UsageError);
    });
  }
});

describe('onetap emulator process', () => {
  it('prints one JSON ready line, serves, and exits 0 on SIGTERM', async () => {
    const child = onetap(['--days', '2', '--daily', '20', '--seed', '8']);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const ready = JSON.parse(line) as {
      event: string;
      url: string;
      keys: { role: string; accessKey: string; secretKey: string }[];
      aliyun: { endpoint: string; keys: { role: string; accessKeyId: string; accessKeySecret: string; actions: string[] }[] };
    };
    expect(Object.keys(ready)).toEqual(['event', 'url', 'keys', 'aliyun']);
    // The Alibaba Cloud face: its endpoint (HOST:PORT, for the SDK with protocol http) and RAM-like keys.
    expect(ready.aliyun.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ready.aliyun.keys.map((k) => Object.keys(k))).toEqual(ready.aliyun.keys.map(() => ['role', 'accessKeyId', 'accessKeySecret', 'actions']));
    expect(ready.aliyun.keys.find((k) => k.role === 'admin')!.actions).toContain('dypns:QueryGateVerifyBillingPublic');
    expect(ready.event).toBe('ready');
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.keys.map((k) => k.role)).toEqual(['admin', 'finance', 'auditor', 'reviewer']);
    const r = await new SignedClient(ready.url, ready.keys[0]!).get('/v1/whoami');
    expect(r.status).toBe(200);
    expect(r.signatureValid).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('exits 2 with a message for a bad fault spec', async () => {
    const child = onetap(['--faults', 'explode:0.5']);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('unknown fault kind');
  });
});
