/**
 * `onetap apps schemes add|list` on an Alibaba Cloud workspace (the provider has no list call,
 * so the workspace keeps codes it is given): a code the provider knows is kept and then synced,
 * one it does not know is refused and nothing is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../emulator/index';
import { onetap } from '../testing/run-in-process';

let dir: string;
let emu: StartedEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-schemes-'));
  emu = await startEmulator({ seed: 9, days: 5, daily: 5, apps: 1, aliyunSchemes: 2, aliyunDaily: 100 });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('onetap apps schemes', () => {
  it('adds a scheme by code through DescribeVerifyScheme, lists it, and its statistics then sync', async () => {
    const data = join(dir, 'data');
    const admin = emu.aliyun!.keys.find((k) => k.role === 'admin')!;
    const secret = ['--secret-key', admin.accessKeySecret];
    const ws = ['--workspace', '阿里云生产', '--data-dir', data];
    const add = await onetap(
      'workspaces',
      'add',
      '--provider',
      'aliyun-dypns',
      '--name',
      '阿里云生产',
      '--endpoint',
      emu.aliyun!.endpoint,
      '--protocol',
      'http',
      '--access-key',
      admin.accessKeyId,
      ...secret,
      '--data-dir',
      data,
    );
    expect(add.code).toBe(0);
    const code = emu.aliyun!.schemes().find((s) => s.seeded)!.code;

    const unknown = await onetap('apps', 'schemes', 'add', 'FC0000000404', ...ws, ...secret, '--json');
    expect(unknown.code).toBe(1);
    expect((JSON.parse((await onetap('apps', 'schemes', 'list', ...ws, '--json')).stdout) as { items: unknown[] }).items).toEqual([]);

    const added = await onetap('apps', 'schemes', 'add', code, '--name', '主站', ...ws, ...secret, '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ code, name: '主站', origin: 'added', deletedAt: null });

    const list = await onetap('apps', 'schemes', 'list', ...ws);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(code);
    expect(list.stdout).toContain('1 scheme(s)');

    const sync = await onetap('sync', ...ws, ...secret, '--json');
    expect(sync.code).toBe(0);
    expect((JSON.parse(sync.stdout) as { rowsWritten: number }).rowsWritten).toBeGreaterThan(0);
    // Invalid codes are usage errors before anything is called.
    expect((await onetap('apps', 'schemes', 'add', 'not a code!', ...ws)).code).toBe(2);
  });
});
