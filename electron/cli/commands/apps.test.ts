import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/contract';
import { manualClock } from '../../main/services/core/clock';
import { memorySecretStore } from '../../main/services/core/secrets';
import { fakePlatform } from '../../main/services/apps/testing/fake-platform';
import { runSync } from '../../main/services/sync/engine';
import { openTestWorkspaceDb } from '../../main/services/testing/context';
import { onetap } from '../testing/run-in-process';

let dir: string;
let dbFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-apps-'));
  dbFile = join(dir, 'workspace.db');
  const clock = manualClock(Date.parse('2026-11-16T10:00:00+08:00'));
  const platform = fakePlatform(clock);
  const base = { platform: 'ios' as const, bundleId: 'com.example.cli', ipWhitelist: ['1.2.3.4'], encryption: 'MD5' as const };
  await platform.createApp({ ...base, name: '待审核应用' });
  const b = await platform.createApp({ ...base, name: '审核中应用' });
  await platform.reviewApp(b.id, 'start');
  const c = await platform.createApp({ ...base, name: 'Approved App' });
  await platform.reviewApp(c.id, 'start');
  await platform.reviewApp(c.id, 'approve');
  const db = openTestWorkspaceDb(dbFile);
  await runSync({ db, client: platform, secrets: memorySecretStore(), clock, resources: ['apps', 'activities'], role: 'admin' });
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onetap apps list', () => {
  it('lists apps with the actions the status rules allow (--json)', async () => {
    const r = await onetap('apps', 'list', '--db', dbFile, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as CallOutput<'apps.list'>;
    const byName = Object.fromEntries(out.items.map((i) => [i.name, i]));
    expect(byName['待审核应用']).toMatchObject({ status: 'pending', actions: ['view', 'modify', 'delete'], appId: null });
    expect(byName['审核中应用']).toMatchObject({ status: 'reviewing', actions: ['view'] });
    expect(byName['Approved App']!.appId).toMatch(/^3000/);
  });

  it('filters by status and prints a table', async () => {
    const r = await onetap('apps', 'list', '--db', dbFile, '--status', 'reviewing');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('审核中应用');
    expect(r.stdout).not.toContain('待审核应用');
    expect(r.stdout).toContain('1 app(s)');
  });

  it('refuses a bad flag with a usage exit code', async () => {
    const r = await onetap('apps', 'list', '--db', dbFile, '--status', 'lost');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INVALID_INPUT');
    expect((await onetap('apps', 'list', '--db', join(dir, 'missing.db'))).code).toBe(2);
  });
});
