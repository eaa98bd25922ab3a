import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index';
import { startRobotReceiver, type RobotReceiver } from '../../main/services/alerts/channels/testing/robot-receiver';
import { createContext } from '../../main/services/core/create-context';
import { syncStateRepo } from '../../main/services/store/sync-state-repo';
import { openTestWorkspaceDb } from '../../main/services/testing/context';
import { workspacesRepo } from '../../main/services/workspaces/workspaces-repo';
import { onetap } from '../testing/run-in-process';

const bin = fileURLToPath(new URL('../../../bin/onetap.mjs', import.meta.url));
let dir: string;
let dbFile: string;
let dataDir: string;

const setFreshness = (file: string, ageMs: number) => {
  const db = openTestWorkspaceDb(file);
  syncStateRepo(db).succeeded('records', Date.now() - ageMs);
  db.close();
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-alerts-'));
  dataDir = join(dir, 'data');
  dbFile = join(dir, 'ws.db');
  setFreshness(dbFile, 3 * 3_600_000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onetap alerts check / list', () => {
  it('prints the open alerts in the documented shape and exits 1; exits 0 once none is open', async () => {
    const r = await onetap('alerts', 'check', '--db', dbFile, '--data-dir', dataDir, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { open: { rule: string; scope: object; since: string; detail: string }[] };
    expect(out.open).toEqual([
      {
        rule: 'syncStale',
        scope: {},
        since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/),
        detail: expect.stringContaining('min old'),
      },
    ]);
    // Checked again: still the same single episode.
    expect((await onetap('alerts', 'check', '--db', dbFile, '--data-dir', dataDir)).code).toBe(1);
    setFreshness(dbFile, 0);
    const ok = await onetap('alerts', 'check', '--db', dbFile, '--data-dir', dataDir, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ open: [] });

    const list = await onetap('alerts', 'list', '--db', dbFile, '--data-dir', dataDir, '--json');
    expect(list.code).toBe(0);
    const events = (JSON.parse(list.stdout) as { events: { kind: string; rule: string }[] }).events;
    expect(events.map((e) => `${e.kind}:${e.rule}`)).toEqual(['fired:syncStale', 'resolved:syncStale']);
    const later = await onetap('alerts', 'list', '--db', dbFile, '--data-dir', dataDir, '--since', '2099-12-31', '--json');
    expect(JSON.parse(later.stdout)).toEqual({ events: [] });
    expect((await onetap('alerts', 'list', '--db', dbFile, '--data-dir', dataDir, '--since', 'yesterday')).code).toBe(2);
  });

  it('--workspace picks a saved workspace by name; --db and --workspace together is a usage error', async () => {
    const ctx = createContext({ mode: 'cli', dataDir });
    const now = Date.now();
    workspacesRepo(ctx.consoleDb).insert({
      id: 'ws_prod',
      name: 'Production',
      kind: 'remote',
      provider: 'onetap',
      protocol: null,
      region: null,
      endpoint: 'https://example.invalid',
      accessKey: 'AK',
      secretSealed: null,
      dbFile: 'ws_prod.db',
      createdAt: now,
      updatedAt: now,
    });
    ctx.consoleDb.close();
    mkdirSync(join(dataDir, 'workspaces'), { recursive: true });
    const file = join(dataDir, 'workspaces', 'ws_prod.db');
    copyFileSync(dbFile, file);
    setFreshness(file, 5 * 3_600_000);
    const r = await onetap('alerts', 'check', '--workspace', 'Production', '--data-dir', dataDir, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).open).toHaveLength(1);
    expect((await onetap('alerts', 'check', '--workspace', 'Nope', '--data-dir', dataDir)).code).toBe(2);
    expect((await onetap('alerts', 'check', '--workspace', 'Production', '--db', dbFile, '--data-dir', dataDir)).code).toBe(2);
  });
});

describe('onetap alerts channel', () => {
  let rx: RobotReceiver;
  beforeAll(async () => {
    rx = await startRobotReceiver({ secret: 'S3cret', token: 'hook_0123456789abcdef' });
  });
  afterAll(() => rx.close());
  afterEach(() => {
    delete process.env.ONETAP_ALERT_SECRET_TEAM_FS;
  });

  it('adds a Feishu robot and sends it a verified test message', async () => {
    const add = await onetap(
      'alerts',
      'channel',
      'add',
      '--kind',
      'feishu',
      '--url',
      rx.urls.feishu,
      '--secret',
      'S3cret',
      '--name',
      'team-fs',
      '--data-dir',
      dataDir,
      '--json',
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ name: 'team-fs', kind: 'feishu', hasSecret: true });
    expect(add.stdout).not.toContain('0123456789abcdef');
    // Sealed with the console's key file: the next command (a new context and service) opens it.
    const sent = await onetap('alerts', 'channel', 'test', 'team-fs', '--data-dir', dataDir, '--json');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true, attempts: 1 });
    expect(rx.received.at(-1)).toMatchObject({ robot: 'feishu', verified: true });
    const ctx = createContext({ mode: 'cli', dataDir });
    expect(JSON.stringify(ctx.consoleDb.prepare('SELECT * FROM alert_channels').all())).not.toContain('S3cret');
    ctx.consoleDb.close();
  });

  it('a channel the desktop app sealed with the OS keychain takes its secret from ONETAP_ALERT_SECRET_<NAME> in the CLI', async () => {
    expect((await onetap('alerts', 'channel', 'add', '--kind', 'feishu', '--url', rx.urls.feishu, '--name', 'team-fs', '--data-dir', dataDir)).code).toBe(0);
    const ctx = createContext({ mode: 'cli', dataDir });
    ctx.consoleDb.prepare("UPDATE alert_channels SET has_secret = 1, secret_sealed = 'safe:v1:AAAA' WHERE name = 'team-fs'").run();
    ctx.consoleDb.close();
    const missing = await onetap('alerts', 'channel', 'test', 'team-fs', '--data-dir', dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ONETAP_ALERT_SECRET_TEAM_FS');
    process.env.ONETAP_ALERT_SECRET_TEAM_FS = 'S3cret';
    const sent = await onetap('alerts', 'channel', 'test', 'team-fs', '--data-dir', dataDir, '--json');
    expect(sent.code).toBe(0);
    expect(rx.received.at(-1)).toMatchObject({ robot: 'feishu', verified: true });
  });

  it('channel add and channel test in two separate onetap processes', async () => {
    const own = mkdtempSync(join(dir, 'two-'));
    const env: NodeJS.ProcessEnv = { ...process.env, ONETAP_FROM_SOURCE: '1' };
    delete env.ONETAP_ALERT_SECRET_DD;
    // Asynchronously: the loopback robot answers from this process's event loop.
    const run = async (...args: string[]) => {
      try {
        const r = await promisify(execFile)(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env });
        return { status: 0, ...r };
      } catch (e) {
        const x = e as { code?: number; stdout?: string; stderr?: string };
        return { status: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
      }
    };
    const add = await run(
      'alerts',
      'channel',
      'add',
      '--kind',
      'dingtalk',
      '--url',
      rx.urls.dingtalk,
      '--secret',
      'S3cret',
      '--name',
      'dd',
      '--data-dir',
      own,
      '--json',
    );
    expect(add).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(add.stdout)).toMatchObject({ name: 'dd', hasSecret: true, secretStored: true, secretAvailable: true });
    const before = rx.received.length;
    const test = await run('alerts', 'channel', 'test', 'dd', '--data-dir', own, '--json');
    expect(test.status).toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject({ ok: true });
    expect(rx.received.slice(before)).toEqual([expect.objectContaining({ robot: 'dingtalk', verified: true })]);
    // Neither the console database nor its WAL holds the secret in plain text.
    for (const f of readdirSync(own).filter((n) => n.startsWith('console.db'))) expect(readFileSync(join(own, f)).includes('S3cret')).toBe(false);
  }, 240_000);
});

describe('onetap alerts channel (no secret)', () => {
  let rx: RobotReceiver;
  beforeAll(async () => {
    rx = await startRobotReceiver({ secret: 'S3cret', token: 'hook_0123456789abcdef' });
  });
  afterAll(() => rx.close());

  it('a WeCom robot needs no secret; a bad kind is a usage error', async () => {
    expect((await onetap('alerts', 'channel', 'add', '--kind', 'wecom', '--url', rx.urls.wecom, '--name', 'wx', '--data-dir', dataDir)).code).toBe(0);
    expect((await onetap('alerts', 'channel', 'test', 'wx', '--data-dir', dataDir)).code).toBe(0);
    expect(rx.received.at(-1)).toMatchObject({ robot: 'wecom', verified: true });
    expect((await onetap('alerts', 'channel', 'add', '--kind', 'sms', '--url', rx.urls.wecom, '--data-dir', dataDir)).code).toBe(2);
  });
});

describe("the emulator's package knob, through sync and check", () => {
  /** `onetap sync` from an emulator, then `onetap alerts check --json` on the file. */
  const syncThenCheck = async (name: string, options: { packageLeft?: number }) => {
    const emu = await startEmulator({ seed: 43, days: 2, daily: 100, ...options });
    try {
      const k = emu.key('admin');
      const db = join(dir, `${name}.db`);
      const synced = await onetap(
        'sync',
        '--db',
        db,
        '--data-dir',
        dataDir,
        '--endpoint',
        emu.url,
        '--access-key',
        k.accessKey,
        '--secret-key',
        k.secretKey,
        '--json',
      );
      expect(synced.code).toBe(0);
      const r = await onetap('alerts', 'check', '--db', db, '--data-dir', dataDir, '--json');
      return { code: r.code, open: (JSON.parse(r.stdout) as { open: { rule: string; detail: string }[] }).open };
    } finally {
      await emu.close();
    }
  };

  it('--package-left 10: the package rule is open after the first sync, at the share the emulator left', async () => {
    const { code, open } = await syncThenCheck('package-left', { packageLeft: 10 });
    expect(code).toBe(1);
    // The package rules only: whether an app waits for review past a working day depends on the day the test runs.
    expect(open.filter((a) => a.rule.startsWith('package')).map((a) => a.rule)).toEqual(['packageUsage']);
    // used/quota and left from the alert's line, checked against the knob.
    const m = /at (\d+\.\d)% used: (\d+)\/(\d+), (\d+) left/.exec(open.find((a) => a.rule === 'packageUsage')!.detail);
    expect(m).not.toBeNull();
    const [used, quota, left] = [Number(m![2]), Number(m![3]), Number(m![4])];
    expect(used + left).toBe(quota);
    // A tenth of the quota, to the call (the quota is a whole number of calls).
    expect(Math.abs(left - quota / 10)).toBeLessThanOrEqual(1);
  });

  it('without the knob the same emulator raises no package alert', async () => {
    const { open } = await syncThenCheck('no-knob', {});
    expect(open.filter((a) => a.rule.startsWith('package'))).toEqual([]);
  });
});
