/**
 * `--store postgresql://…` on `onetap sync` and `onetap records search`, against the emulator and
 * a throwaway PostgreSQL cluster: the team store answers the search exactly as a --db workspace
 * synced from the same platform, the password never rides in the URL, and a busy store refuses
 * a second writer with a message naming the first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordsSearchOutputSchema } from '../../../shared/contract/records';
import { syncSummarySchema } from '../../../shared/contract/sync';
import { storeConnection } from '../../main/services/team-store/connection';
import { PgStore } from '../../main/services/team-store/pg-store';
import { onetap } from '../testing/run-in-process';
import { teamStoreFixture, WRITER_PASSWORD } from '../testing/team-store';
import { withoutWaitedTime } from '../testing/waited-time';

const team = teamStoreFixture({ emulator: { seed: 5, days: 6, daily: 400 } });

describe('onetap --store', () => {
  it('refuses a password in the URL and --store where it is not read yet', { timeout: 60_000 }, async () => {
    const withPw = await onetap('sync', '--store', team.url.replace('team_writer@', 'team_writer:w-pw@'), '--data-dir', team.dir);
    expect(withPw.code).toBe(2);
    expect(withPw.stderr).toMatch(/holds a password: give it in PGPASSWORD or --store-password-file/);
    const get = await onetap('records', 'get', '1', '--store', team.url, '--data-dir', team.dir);
    // records get reads a team store (and asks for its password).
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(/give the password in PGPASSWORD or --store-password-file/);
    // A command that does not take a team store says why, and what to use instead.
    const backup = await onetap('backup', 'list', '--store', team.url, '--data-dir', team.dir);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/--store: backup copies a local SQLite store; .*pg_dump.*; nothing was changed/);
    const both = await onetap('records', 'search', '--store', team.url, '--db', join(team.dir, 'x.db'));
    expect(both.stderr).toMatch(/give --db or --store, not both/);
    const noPw = await onetap('records', 'search', '--store', team.url, '--data-dir', team.dir);
    expect(noPw.code).toBe(1);
    expect(noPw.stderr).toMatch(/password/);
  });

  it('syncs with the password from a file, then searches exactly like a --db workspace of the same platform', { timeout: 120_000 }, async () => {
    const pwFile = join(team.dir, 'store-password');
    writeFileSync(pwFile, 'w-pw\n', { mode: 0o600 });
    const synced = await onetap('sync', '--store', team.url, '--store-password-file', pwFile, '--json', '--data-dir', team.dir);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    const summary = syncSummarySchema.parse(JSON.parse(synced.stdout));
    expect(summary.resources.records).toMatchObject({ fetched: team.emu.head(), written: team.emu.head(), cursor: team.emu.head() });

    const file = join(team.dir, 'local.db');
    expect((await onetap('sync', '--db', file, '--resources', 'apps,records', '--json', '--data-dir', team.dir)).code).toBe(0);

    process.env.PGPASSWORD = WRITER_PASSWORD;
    for (const filter of [[], ['--operator', 'CTCC'], ['--result', 'failure', '--capability', 'login'], ['--from', '2026-01-01']]) {
      let after: string[] = [];
      for (let page = 0; page < 3; page++) {
        const a = await onetap('records', 'search', '--store', team.url, ...filter, ...after, '--limit', '40', '--json', '--data-dir', team.dir);
        const b = await onetap('records', 'search', '--db', file, ...filter, ...after, '--limit', '40', '--json', '--data-dir', team.dir);
        expect(a.code, a.stderr).toBe(0);
        const fromStore = recordsSearchOutputSchema.parse(JSON.parse(a.stdout));
        expect(fromStore).toEqual(recordsSearchOutputSchema.parse(JSON.parse(b.stdout)));
        if (!fromStore.next) break;
        after = ['--after', fromStore.next];
      }
    }
    delete process.env.PGPASSWORD;
  });

  it('every reading command answers from the team store exactly as from a --db workspace of the same platform', { timeout: 180_000 }, async () => {
    process.env.PGPASSWORD = WRITER_PASSWORD;
    try {
      // The store was synced for apps and records above; now every resource, as a --db workspace is.
      const synced = await onetap('sync', '--store', team.url, '--json', '--data-dir', team.dir);
      expect(synced.code, synced.stderr).toBe(0);
      const summary = syncSummarySchema.parse(JSON.parse(synced.stdout));
      expect(Object.keys(summary.resources).sort()).toEqual(['activities', 'apps', 'bills', 'packages', 'pricing', 'records', 'usage']);
      const file = join(team.dir, 'full.db');
      expect((await onetap('sync', '--db', file, '--json', '--data-dir', team.dir)).code).toBe(0);
      const newest = recordsSearchOutputSchema.parse(JSON.parse((await onetap('records', 'search', '--db', file, '--limit', '1', '--json')).stdout)).items[0]!;
      const month = newest.requestTime.slice(0, 7);
      const both = async (...args: string[]): Promise<unknown> => {
        const dataDir = args[1] === 'quote' ? [] : ['--data-dir', team.dir];
        const a = await onetap(...args, '--store', team.url, '--json', ...dataDir);
        const b = await onetap(...args, '--db', file, '--json', ...dataDir);
        expect(a.code, `${args.join(' ')}: ${a.stderr}`).toBe(0);
        expect(b.code, `${args.join(' ')}: ${b.stderr}`).toBe(0);
        // Each answer's own clock readings, each sync's time (dataAsOf) and the open month's forecast (a rate per elapsed ms) differ.
        const timeless = (x: Record<string, unknown>): Record<string, unknown> => {
          const kept = Object.entries(withoutWaitedTime(x)).filter(([k]) => !/^(now|generatedAt|dataAsOf|forecast)$|(FetchedAt|GeneratedAt)$/.test(k));
          return { ...Object.fromEntries(kept), ...(x.forecast ? { forecastBasis: (x.forecast as { basis: string }).basis } : {}) };
        };
        expect(timeless(JSON.parse(a.stdout) as Record<string, unknown>), args.join(' ')).toEqual(timeless(JSON.parse(b.stdout) as Record<string, unknown>));
        return JSON.parse(a.stdout);
      };
      expect(await both('records', 'get', String(newest.seq))).toMatchObject({ seq: newest.seq, traceId: newest.traceId });
      expect((await both('apps', 'list', '--deleted')) as { items: unknown[] }).toMatchObject({ items: expect.arrayContaining([expect.anything()]) });
      expect(await both('bill', 'month', month)).toMatchObject({ month });
      expect(await both('reconcile', month)).toMatchObject({ month });
      await both('bill', 'quote', '--calls', '2000000');
      const pdf = await onetap('bill', 'statement', month, '--store', team.url, '--out', join(team.dir, 'statement.pdf'), '--json', '--data-dir', team.dir);
      expect(pdf.code, pdf.stderr).toBe(0);
    } finally {
      delete process.env.PGPASSWORD;
    }
  });

  it('refuses a second writer naming the first, also after --wait runs out', { timeout: 60_000 }, async () => {
    const holder = await PgStore.open({
      config: storeConnection(team.url, { env: { PGPASSWORD: WRITER_PASSWORD } }).config,
      migrate: true,
      applicationName: 'onetap sync (team-server pid 7)',
    });
    process.env.PGPASSWORD = WRITER_PASSWORD;
    try {
      const lease = await holder.acquireWriter(['records']);
      const refused = await onetap('sync', '--store', team.url, '--data-dir', team.dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/CONFLICT: another writer is syncing records into this team store: onetap sync \(team-server pid 7\)/);
      const waited = await onetap('sync', '--store', team.url, '--wait', '1', '--data-dir', team.dir);
      expect(waited.stderr).toMatch(/waited 1000 ms for it/);
      await lease.release();
      const now = await onetap('sync', '--store', team.url, '--json', '--data-dir', team.dir);
      expect(now.code).toBe(0);
      expect(syncSummarySchema.parse(JSON.parse(now.stdout)).resources.records).toMatchObject({ written: 0, cursor: team.emu.head() });
    } finally {
      delete process.env.PGPASSWORD;
      await holder.close();
    }
  });
});
