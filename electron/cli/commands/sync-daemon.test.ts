/**
 * `onetap sync --daemon --store …` as a real child process against the emulator and a throwaway
 * PostgreSQL cluster: it holds the writer lock (a one-off writer is refused naming it), logs its
 * runs, reports progress and freshness that another console reads with `onetap store status`,
 * and on SIGTERM stops, marks itself stopped and releases the lock.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { onetap } from '../testing/run-in-process';
import { teamStoreFixture, WRITER_PASSWORD } from '../testing/team-store';

const bin = fileURLToPath(new URL('../../../bin/onetap.mjs', import.meta.url));
const team = teamStoreFixture({ emulator: { seed: 3, days: 4, daily: 300 }, readers: [{ name: 'finance_li', password: 'f-pw' }] });

interface Status {
  writers: { writer: string; state: string; holding: string[]; nextRunAt: number | null; lastSummary: { ok: boolean } | null }[];
  resources: { resource: string; lastSuccessAt: number | null; cursor: string | null }[];
}

describe('onetap sync --daemon', () => {
  it('holds the writer lock, syncs on a timer, reports to readers, and stops cleanly on SIGTERM', { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, [bin, 'sync', '--daemon', '--store', team.url, '--interval', '1', '--data-dir', team.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PGPASSWORD: WRITER_PASSWORD, ONETAP_FROM_SOURCE: '1' },
    });
    const lines: string[] = [];
    const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.re.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const waitFor = (re: RegExp): Promise<string> =>
      new Promise((resolve, reject) => {
        const have = lines.find((l) => re.test(l));
        if (have) return resolve(have);
        waiters.push({ re, resolve });
        void exited.then((e) => reject(new Error(`daemon exited (${JSON.stringify(e)}) before ${re}: ${stderr}\n${lines.join('\n')}`)));
      });
    try {
      await waitFor(/writer lock taken for activities, apps, bills, packages, pricing, records, usage/);
      await waitFor(/run 2 done/);
      expect(lines.some((l) => /records done \d+/.test(l))).toBe(true);

      // Another console, logged in read-only, sees the writer and the freshness.
      process.env.PGPASSWORD = 'f-pw';
      const st = await onetap('store', 'status', '--store', team.cluster.url('team', 'finance_li'), '--json');
      expect(st.code, st.stderr).toBe(0);
      const status = JSON.parse(st.stdout) as Status;
      expect(status.writers).toHaveLength(1);
      expect(status.writers[0]).toMatchObject({
        writer: expect.stringMatching(/^onetap sync --daemon \(.* pid \d+\)$/),
        holding: ['activities', 'apps', 'bills', 'packages', 'pricing', 'records', 'usage'],
      });
      expect(status.writers[0]!.lastSummary).toMatchObject({ ok: true });
      expect(status.resources.find((r) => r.resource === 'records')).toMatchObject({ cursor: String(team.emu.head()), lastSuccessAt: expect.any(Number) });

      // A one-off writer is refused, naming the daemon.
      process.env.PGPASSWORD = WRITER_PASSWORD;
      const refused = await onetap('sync', '--store', team.url, '--data-dir', team.dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/another writer is syncing \w+ into this team store: onetap sync --daemon/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(lines.join('\n')).toMatch(/SIGTERM: stopping at the next page boundary[\s\S]*stopped; writer lock released/);
    const after = JSON.parse((await onetap('store', 'status', '--store', team.url, '--json')).stdout) as Status;
    expect(after.writers[0]).toMatchObject({ state: 'stopped', holding: [] });
    // The lock is free: a one-off sync now runs.
    expect((await onetap('sync', '--store', team.url, '--resources', 'records', '--data-dir', team.dir)).code).toBe(0);
    delete process.env.PGPASSWORD;
  });
});
