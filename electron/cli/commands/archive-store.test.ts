/**
 * `onetap archive … --store postgresql://…` against the emulator and a throwaway PostgreSQL
 * cluster: the writer archives a closed month and drops its partition, the file verifies with the
 * archive verifier (by month and as a file), a finance login is refused before anything is written
 * and then sees the month counted but not listed (and where the file is), and the re-import gives
 * back exactly the records a search listed before.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveMonthSchema, archiveVerifySchema } from '../../../shared/contract/archive';
import { recordsSearchOutputSchema } from '../../../shared/contract/records';
import { addMonths, shanghaiMonth } from '../../../shared/time/shanghai';
import { onetap } from '../testing/run-in-process';
import { teamStoreFixture, WRITER_PASSWORD } from '../testing/team-store';

const team = teamStoreFixture({ emulator: { seed: 9, days: 40, daily: 40 }, readers: [{ name: 'finance_li', password: 'f-pw' }] });

describe('onetap archive --store', () => {
  it('archives a month of the team store, detaches it, and brings it back exactly', { timeout: 180_000 }, async () => {
    const month = addMonths(shanghaiMonth(Date.now()), -1);
    const next = addMonths(month, 1);
    const range = ['--from', `${month}-01`, '--to', `${next}-01`];
    const readerUrl = team.cluster.url('team', 'finance_li');
    const readerDir = join(team.dir, 'finance');
    process.env.PGPASSWORD = WRITER_PASSWORD;
    const synced = await onetap('sync', '--store', team.url, '--json', '--data-dir', team.dir);
    expect(synced.code, synced.stderr).toBe(0);
    const search = async (url: string, ...more: string[]) =>
      onetap('records', 'search', '--store', url, ...range, '--limit', '500', '--order', 'asc', ...more, '--data-dir', readerDir);
    const before = recordsSearchOutputSchema.parse(JSON.parse((await search(team.url, '--json')).stdout));
    expect(before.total).toBeGreaterThan(100);
    expect(before.archived).toBeUndefined();

    // A read-only login is refused before any file is written.
    process.env.PGPASSWORD = 'f-pw';
    const refused = await onetap('archive', 'create', month, '--drop', '--store', readerUrl, '--data-dir', readerDir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(new RegExp(`finance_li may only read this team store: archiving ${month} detaches its partition`));
    // The retention window is the local store's: said, not ignored.
    const retention = await onetap('archive', 'retention', '--raw-months', '2', '--store', readerUrl);
    expect(retention.code).toBe(2);
    expect(retention.stderr).toMatch(/--store: a team store has no retention window/);

    process.env.PGPASSWORD = WRITER_PASSWORD;
    const created = await onetap('archive', 'create', month, '--drop', '--store', team.url, '--json', '--data-dir', team.dir);
    expect(created.code, created.stderr).toBe(0);
    const m = archiveMonthSchema.parse(JSON.parse(created.stdout));
    expect(m).toMatchObject({ month, state: 'dropped', storedRecords: 0, archive: { records: before.total } });
    const file = m.archive!.path;
    expect(file.startsWith(team.dir)).toBe(true);
    for (const target of [[month], ['--file', file]]) {
      const v = await onetap('archive', 'verify', ...target, '--store', team.url, '--json', '--data-dir', team.dir);
      expect(v.code, v.stderr).toBe(0);
      expect(archiveVerifySchema.parse(JSON.parse(v.stdout))).toEqual({ ok: true, month, records: before.total, problems: [] });
    }

    // Finance (another machine: its own data folder) sees the month counted but not listed, and where the file is.
    process.env.PGPASSWORD = 'f-pw';
    const after = recordsSearchOutputSchema.parse(JSON.parse((await search(readerUrl, '--json')).stdout));
    expect(after.total).toBe(before.total);
    expect(after.items).toEqual([]);
    expect(after.archived).toEqual([
      { month, records: before.total, file: `records-${month}.jsonl.gz`, location: expect.stringMatching(new RegExp(`:${file}$`)) },
    ]);
    const text = await search(readerUrl);
    expect(text.stderr).toMatch(new RegExp(`note: ${month} is archived out of the team store: its records are counted in the total but not listed`));
    const listed = await onetap('archive', 'list', '--store', readerUrl, '--json', '--data-dir', readerDir);
    expect(listed.code, listed.stderr).toBe(0);
    const months = (JSON.parse(listed.stdout) as { months: unknown[] }).months.map((x) => archiveMonthSchema.parse(x));
    expect(months.find((x) => x.month === month)).toMatchObject({
      state: 'dropped',
      calls: before.total,
      archive: { path: expect.stringMatching(/^[^/].*:\//) },
    });
    // A record of the archived month, asked for by seq: not found, and where it may be instead.
    const seq = String(before.items[0]!.seq);
    const gone = await onetap('records', 'get', seq, '--store', readerUrl, '--json', '--data-dir', readerDir);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      new RegExp(
        `NOT_FOUND: no auth record with seq ${seq} in the team store; it may be in its archived month, ${month} \\(${before.total} records in records-${month}.jsonl.gz, at [^)]*:${file}\\)`,
      ),
    );
    expect(JSON.parse(gone.stdout)).toMatchObject({
      error: { code: 'NOT_FOUND', detail: { seq: Number(seq), archived: [{ month, records: before.total, file: `records-${month}.jsonl.gz` }] } },
    });
    const noCopy = await onetap('archive', 'verify', month, '--store', readerUrl, '--data-dir', readerDir);
    expect(noCopy.code).toBe(1);
    expect(noCopy.stdout).toMatch(/MISSING_FILE .*this machine has no copy of the archive/);

    // An export holds every record it counts: one reaching the archived month is refused, naming it and its file.
    process.env.PGPASSWORD = WRITER_PASSWORD;
    const out = join(team.dir, 'month.jsonl');
    const exported = await onetap('export', 'records', ...range, '--format', 'jsonl', '--out', out, '--store', team.url, '--data-dir', team.dir);
    expect(exported.code).not.toBe(0);
    expect(exported.stderr).toMatch(
      new RegExp(`archived out of the team store: ${month} \\(${before.total} records in records-${month}.jsonl.gz.*nothing was written`),
    );
    expect(existsSync(out)).toBe(false);

    // The writer brings it back: the same records, listed again.
    process.env.PGPASSWORD = WRITER_PASSWORD;
    const imported = await onetap('archive', 'import', month, '--store', team.url, '--data-dir', team.dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(`${month}: ${before.total.toLocaleString('en-US')} records imported, 0 already in the store\n`);
    const back = recordsSearchOutputSchema.parse(JSON.parse((await search(team.url, '--json')).stdout));
    expect(back).toEqual(before);
    const found = await onetap('records', 'get', seq, '--store', team.url, '--json', '--data-dir', team.dir);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ seq: Number(seq) });
  });
});
