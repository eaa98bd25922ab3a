/**
 * `onetap workspaces add/list` and `sync` / `bill month` / `reconcile --workspace` for an
 * Alibaba Cloud workspace, against the emulator's Alibaba face (real clock: the SDK dates its
 * requests with it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../emulator/index';
import { shanghaiDate } from '../../../shared/time/shanghai';
import { onetap } from '../testing/run-in-process';

let dir: string;
let emu: StartedEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-ws-'));
  emu = await startEmulator({ seed: 5, days: 10, daily: 10, apps: 1, aliyunSchemes: 2, aliyunDaily: 200, drift: 1 });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('onetap workspaces', () => {
  it('adds an Alibaba Cloud workspace, lists it with its provider, syncs, bills and reconciles it by name', async () => {
    const data = join(dir, 'data');
    const admin = emu.aliyun!.keys.find((k) => k.role === 'admin')!;
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
      '--secret-key',
      admin.accessKeySecret,
      '--data-dir',
      data,
      '--json',
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ name: '阿里云生产', provider: 'aliyun-dypns', endpoint: emu.aliyun!.endpoint, protocol: 'http' });
    expect(add.stdout).not.toContain(admin.accessKeySecret);

    const list = await onetap('workspaces', 'list', '--data-dir', data, '--json');
    expect(list.code).toBe(0);
    const items = (JSON.parse(list.stdout) as { items: { name: string; provider: string }[] }).items;
    expect(items.map((w) => [w.name, w.provider])).toEqual([
      ['演示 Demo', 'onetap'],
      ['阿里云演示', 'aliyun-dypns'],
      ['阿里云生产', 'aliyun-dypns'],
    ]);

    // Without its secret (not kept outside the desktop app) the workspace says what is missing.
    const noSecret = await onetap('sync', '--workspace', '阿里云生产', '--data-dir', data, '--json');
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr + noSecret.stdout).toMatch(/AccessKey Secret/);

    // A new workspace knows no scheme codes yet (Alibaba has no list call): the sync says how much traffic that leaves out.
    const sync = await onetap('sync', '--workspace', '阿里云生产', '--secret-key', admin.accessKeySecret, '--data-dir', data, '--json');
    expect(sync.code).toBe(0);
    const synced = JSON.parse(sync.stdout) as { rowsWritten: number; unlistedSuccesses: number };
    expect(synced.rowsWritten).toBe(0);
    expect(synced.unlistedSuccesses).toBeGreaterThan(0);

    const month = shanghaiDate(Date.now()).slice(0, 7);
    const bill = await onetap('bill', 'month', month, '--workspace', '阿里云生产', '--data-dir', data, '--json');
    expect(bill.code).toBe(0);
    expect(JSON.parse(bill.stdout)).toMatchObject({ month, book: 'aliyun-dypns', model: 'all-units' });

    const rec = await onetap('reconcile', month, '--workspace', '阿里云生产', '--secret-key', admin.accessKeySecret, '--data-dir', data);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/^Reconciliation \d{4}-\d{2}: (MATCHED|MISMATCHED) \(book aliyun-dypns, all-units\)/);

    expect((await onetap('workspaces', 'add', '--provider', 'nope', '--name', 'x', '--access-key', 'a', '--secret-key', 'b', '--data-dir', data)).code).toBe(2);
    expect((await onetap('bill', 'month', month, '--data-dir', data)).code).toBe(2);
  });
});
