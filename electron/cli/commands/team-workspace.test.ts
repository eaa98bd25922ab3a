/**
 * `onetap … --workspace NAME` on a console's saved team workspace, against the emulator and a
 * throwaway PostgreSQL cluster: the reading commands open the team store the way `--store` does
 * (the workspace's URL; the password from PGPASSWORD or --store-password-file, since the desktop
 * app's keychain cannot be opened from the command line) and answer exactly as `--store` does;
 * the saved active team workspace is read the same way without the flag; the alert commands share
 * the console's own state of the workspace (its rules, episodes and history); every other command
 * refuses it by name, pointing at --store, and changes nothing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIGEST_FROM } from '../../../shared/alerts/digest';
import { recordsSearchOutputSchema } from '../../../shared/contract/records';
import { bootServices } from '../../main/services/boot';
import { createContext } from '../../main/services/core/create-context';
import { dispatchCall } from '../../main/services/core/dispatch';
import { handlers } from '../../main/services/handlers';
import { demoStarter } from '../../main/services/workspaces/demo-emulator';
import { onetap } from '../testing/run-in-process';
import { teamStoreFixture, WRITER_PASSWORD } from '../testing/team-store';
import { withoutWaitedTime } from '../testing/waited-time';

const READER_PASSWORD = 'li-pw-3c9';
const team = teamStoreFixture({ emulator: { seed: 11, days: 6, daily: 300 }, readers: [{ name: 'finance_li', password: READER_PASSWORD }] });

/** The console (as the desktop app would) saves the team workspace, sets an alert rule and makes it active. */
async function consoleAddsTeamWorkspace(dataDir: string, robot: string): Promise<string> {
  const ctx = createContext({ mode: 'cli', dataDir });
  const booted = await bootServices(ctx, { testing: { startDemo: demoStarter({ daily: 50, apps: 2 }) } });
  try {
    const call = (name: Parameters<typeof dispatchCall>[2], input: unknown) => dispatchCall(handlers, ctx, name, input);
    const ws = (await call('workspaces.addTeamStore', {
      name: '团队库',
      url: team.cluster.url('team', 'finance_li'),
      password: READER_PASSWORD,
      activate: true,
    })) as { id: string };
    // A rule every failure breaks: the emulator's history has failures in every hour, so it is open at once.
    await call('alerts.channelAdd', { kind: 'webhook', url: robot, name: 'ops' });
    await call('alerts.ruleSet', { rule: 'successBelow', channels: ['ops'], params: { thresholdPercent: 100, minCalls: 1, windowMinutes: 24 * 60 } });
    return ws.id;
  } finally {
    await booted.shutdown();
    ctx.consoleDb.close();
  }
}

describe('onetap --workspace on a team workspace', () => {
  it('reads the team store as --store does, shares the console’s alert state, and refuses elsewhere pointing at --store', { timeout: 180_000 }, async () => {
    process.env.PGPASSWORD = WRITER_PASSWORD;
    const synced = await onetap('sync', '--store', team.url, '--json', '--data-dir', team.dir);
    expect(synced.code, synced.stderr).toBe(0);
    delete process.env.PGPASSWORD;

    // The console's chat robot: a webhook on loopback that counts what it is told, one alert per message or, from
    // DIGEST_FROM alerts in one round, a digest whose data names every alert.
    const told: string[] = [];
    let messages = 0;
    const robot = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const message = JSON.parse(body) as { event: string; alert?: { rule: string }; alerts?: { rule: string }[] };
        messages += 1;
        told.push(...(message.event === 'digest' ? message.alerts!.map((a) => a.rule) : [message.alert!.rule]));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
    const dataDir = mkdtempSync(join(team.dir, 'console-'));
    const id = await consoleAddsTeamWorkspace(dataDir, `http://127.0.0.1:${(robot.address() as AddressInfo).port}/hook`);
    const readerUrl = team.cluster.url('team', 'finance_li');

    // Without a password the store refuses the login; the message says where the command line takes it.
    const noPw = await onetap('records', 'search', '--workspace', '团队库', '--data-dir', dataDir);
    expect(noPw.code, noPw.stderr).toBe(1);
    expect(noPw.stderr).toMatch(/workspace "团队库" keeps is sealed by the desktop app's OS keychain.*PGPASSWORD or --store-password-file/);
    expect(noPw.stderr).not.toMatch(/no data yet/);

    // With the password in a file, the same answer as --store, page after page.
    const pwFile = join(team.dir, 'li-password');
    writeFileSync(pwFile, `${READER_PASSWORD}\n`, { mode: 0o600 });
    process.env.PGPASSWORD = READER_PASSWORD;
    let after: string[] = [];
    for (let page = 0; page < 2; page++) {
      const a = await onetap(
        'records',
        'search',
        '--workspace',
        '团队库',
        '--store-password-file',
        pwFile,
        '--operator',
        'CMCC',
        ...after,
        '--limit',
        '30',
        '--json',
        '--data-dir',
        dataDir,
      );
      const b = await onetap('records', 'search', '--store', readerUrl, '--operator', 'CMCC', ...after, '--limit', '30', '--json', '--data-dir', dataDir);
      expect(a.code, a.stderr).toBe(0);
      const viaWorkspace = recordsSearchOutputSchema.parse(JSON.parse(a.stdout));
      expect(viaWorkspace.total).toBeGreaterThan(30);
      expect(viaWorkspace).toEqual(recordsSearchOutputSchema.parse(JSON.parse(b.stdout)));
      after = ['--after', viaWorkspace.next!];
    }
    // By id too, and the other reading commands (a month's bill through the --workspace route of bill month).
    const byId = await onetap('apps', 'list', '--workspace', id, '--json', '--data-dir', dataDir);
    expect(byId.code, byId.stderr).toBe(0);
    const withoutNow = (text: string) => ({ ...withoutWaitedTime(JSON.parse(text) as Record<string, unknown>), now: 0 });
    expect(withoutNow(byId.stdout)).toEqual(withoutNow((await onetap('apps', 'list', '--store', readerUrl, '--json', '--data-dir', dataDir)).stdout));
    const month = new Date(team.emu.now()).toISOString().slice(0, 7);
    const bill = await onetap('bill', 'month', month, '--workspace', '团队库', '--json', '--data-dir', dataDir);
    expect(bill.code, bill.stderr).toBe(0);
    // The month's bill as --store computes it (its forecast and generatedAt are taken at the instant of each run).
    const billOf = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), forecast: null, generatedAt: 0 });
    expect(billOf(bill.stdout)).toEqual(billOf((await onetap('bill', 'month', month, '--store', readerUrl, '--json', '--data-dir', dataDir)).stdout));

    // The saved active workspace is the team one: a reading command without --workspace reads it too (no platform in the environment).
    const env = {
      ONETAP_ENDPOINT: process.env.ONETAP_ENDPOINT,
      ONETAP_ACCESS_KEY: process.env.ONETAP_ACCESS_KEY,
      ONETAP_SECRET_KEY: process.env.ONETAP_SECRET_KEY,
    };
    delete process.env.ONETAP_ENDPOINT;
    delete process.env.ONETAP_ACCESS_KEY;
    delete process.env.ONETAP_SECRET_KEY;
    try {
      const active = await onetap('records', 'search', '--limit', '5', '--json', '--data-dir', dataDir);
      expect(active.code, active.stderr).toBe(0);
      expect(recordsSearchOutputSchema.parse(JSON.parse(active.stdout)).total).toBe(team.emu.head());
    } finally {
      Object.assign(process.env, env);
    }

    // The alert commands use the console's own state of the workspace: its rule (set in the console) opens alerts,
    // the history of them is the console's, and a second check finds the same episodes (nothing fires again).
    const check = await onetap('alerts', 'check', '--workspace', '团队库', '--json', '--data-dir', dataDir);
    expect(check.code, check.stderr).toBe(1);
    const open = (JSON.parse(check.stdout) as { open: { rule: string }[] }).open.filter((a) => a.rule === 'successBelow');
    expect(open.length).toBeGreaterThan(0);
    const list = await onetap('alerts', 'list', '--workspace', '团队库', '--json', '--data-dir', dataDir);
    expect(list.code, list.stderr).toBe(0);
    const fired = (JSON.parse(list.stdout) as { events: { kind: string; rule: string }[] }).events.filter((e) => e.rule === 'successBelow');
    expect(fired.map((e) => e.kind)).toEqual(open.map(() => 'fired'));
    // … and the console's channel was told of each, once (the CLI waits for its deliveries before it exits), in one
    // digest when there are several.
    expect(told).toEqual(open.map(() => 'successBelow'));
    expect(messages).toBe(open.length >= DIGEST_FROM ? 1 : open.length);
    expect((await onetap('alerts', 'check', '--workspace', '团队库', '--json', '--data-dir', dataDir)).code).toBe(1);
    const again = JSON.parse((await onetap('alerts', 'list', '--workspace', '团队库', '--json', '--data-dir', dataDir)).stdout) as { events: unknown[] };
    expect(again.events.length).toBe((JSON.parse(list.stdout) as { events: unknown[] }).events.length);
    expect(told).toHaveLength(open.length);
    robot.closeAllConnections();
    await new Promise<void>((r) => robot.close(() => r()));
    // --store alone keeps no history: still refused there.
    expect((await onetap('alerts', 'list', '--store', readerUrl, '--data-dir', dataDir)).code).toBe(2);

    // Commands that do not read a team store refuse the workspace by name, point at --store, and change nothing.
    for (const args of [['backup', 'create'], ['archive', 'list'], ['sync']]) {
      const r = await onetap(...args, '--workspace', '团队库', '--data-dir', dataDir);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(
        /workspace "团队库" is a team store \(postgresql:\/\/finance_li@.*\): .*nothing was changed.*--store postgresql:\/\/finance_li@/,
      );
    }
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
  });
});
