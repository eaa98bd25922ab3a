/**
 * Alerts end to end: an emulator with an incident (`--incident`, CMCC login failing twenty
 * times as often with 10104 for the last hours), the browser console connected to it; after
 * the sync the header bell shows the alert, and its link opens the records, already filtered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CallInput, CallName } from '../shared/contract';
import { test as base, expect } from './fixtures';
import { AlertsPage } from './pages/alerts';
import { RecordsPage } from './pages/records';
import { startServe, type ServeHandle } from './serve';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Ready {
  url: string;
  keys: { role: string; accessKey: string; secretKey: string }[];
}

function startIncidentEmulator(incident: string): Promise<{ ready: Ready; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/onetap.mjs', 'emulator', '--seed', '5', '--days', '8', '--daily', '20000', '--apps', '2', '--incident', incident],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ ready: JSON.parse(buf.slice(0, nl)) as Ready, child });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

const shanghaiIso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16) + '+08:00';

const test = base.extend<object, { server: ServeHandle }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const { ready, child } = await startIncidentEmulator(`CMCC:login:10104:x20@${shanghaiIso(Date.now() - 3 * 3_600_000)}/4h`);
      const admin = ready.keys.find((k) => k.role === 'admin')!;
      const server = await startServe(['--endpoint', ready.url, '--access-key', admin.accessKey, '--secret-key', admin.secretKey]);
      await use(server);
      await server.stop();
      child.kill('SIGTERM');
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

/** The first sync of the connected emulator keeps the host busy: a connection reset is retried. */
async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 5 || !/ECONNRESET|socket hang up/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

test('the bell shows the incident and its link opens the filtered records', async ({ api: rawApi, openConsole }) => {
  test.setTimeout(180_000);
  const api = { call: <N extends CallName>(name: N, input?: CallInput<N>) => retried(() => rawApi.call(name, input)) };
  // Night hours carry little traffic: a lower floor keeps the test independent of the time of day.
  await api.call('alerts.ruleSet', { rule: 'codeSurge', params: { minFailures: 5 } });
  await api.call('sync.run', {});
  const check = await api.call('alerts.check', {});
  const surge = check.open.find((a) => a.rule === 'codeSurge' && a.detail.includes('10104'));
  expect(surge?.scope).toMatchObject({ operator: 'CMCC', capability: 'login' });

  const page = await openConsole('/dashboard');
  const alerts = new AlertsPage(page);
  await expect(alerts.alertBell).not.toHaveAttribute('data-count', '0');
  await alerts.alertBell.click();
  await expect(page).toHaveURL(/#\/alerts/);
  const row = alerts.row('10104', '返回码激增');
  await expect(row).toBeVisible();
  await alerts.open(row).click();
  await expect(page).toHaveURL(/#\/records\?/);
  await expect(page).toHaveURL(/operator=CMCC/);
  await expect(page).toHaveURL(/code=10104/);
  await expect(page).toHaveURL(/result=failure/);
  const records = new RecordsPage(page);
  await expect(records.rows.first()).toBeVisible();
  const ops = await records.rowOperators();
  expect(new Set(ops)).toEqual(new Set(['CMCC']));
});
