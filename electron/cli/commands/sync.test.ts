import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../emulator/index';
import { syncSummarySchema } from '../../../shared/contract/sync';
import { parseResources, progressLine } from './sync';
import { onetap } from '../testing/run-in-process';

let dir: string;
let emu: StartedEmulator;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-sync-'));
  emu = await startEmulator({ seed: 41, days: 5, daily: 200 });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const conn = (role: 'admin' | 'finance' = 'admin', secret?: string) => {
  const k = emu.key(role);
  return ['--endpoint', emu.url, '--access-key', k.accessKey, '--secret-key', secret ?? k.secretKey];
};

describe('onetap sync', () => {
  it('--json prints the summary { resources: { name: { fetched, written, cursor } }, durationMs }; a second run writes nothing', async () => {
    const db = join(dir, 'a.db');
    const first = await onetap('sync', '--db', db, '--data-dir', join(dir, 'data'), ...conn(), '--json');
    expect(first.code).toBe(0);
    const s1 = syncSummarySchema.parse(JSON.parse(first.stdout));
    expect(Object.keys(s1.resources)).toEqual(['apps', 'activities', 'records', 'usage', 'bills', 'packages', 'pricing']);
    expect(s1.resources.records).toEqual({ fetched: emu.head(), written: emu.head(), cursor: emu.head() });
    expect(s1.durationMs).toBeGreaterThanOrEqual(0);
    const second = await onetap('sync', '--db', db, '--data-dir', join(dir, 'data'), ...conn(), '--json', '--resources', 'records,apps');
    const s2 = syncSummarySchema.parse(JSON.parse(second.stdout));
    expect(Object.keys(s2.resources)).toEqual(['apps', 'records']);
    expect(s2.resources.records).toEqual({ fetched: 0, written: 0, cursor: emu.head() });
    expect(first.stdout + second.stdout + first.stderr).not.toContain(emu.key('admin').secretKey);
  });

  it('takes the connection from ONETAP_* and prints one line per resource without --json', async () => {
    const k = emu.key('finance');
    vi.stubEnv('ONETAP_ENDPOINT', emu.url);
    vi.stubEnv('ONETAP_ACCESS_KEY', k.accessKey);
    vi.stubEnv('ONETAP_SECRET_KEY', k.secretKey);
    try {
      const r = await onetap('sync', '--db', join(dir, 'b.db'), '--data-dir', join(dir, 'data'));
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^records\s+skipped: role finance may not read records$/m);
      expect(r.stdout).toMatch(/^usage\s+fetched \d+, wrote \d+, cursor/m);
      expect(r.stdout).toMatch(/^done in /m);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('exits 1 with only the summary on stdout when the platform refuses the key', async () => {
    const r = await onetap('sync', '--db', join(dir, 'c.db'), '--data-dir', join(dir, 'data'), ...conn('admin', 'not-the-secret'), '--json');
    expect(r.code).toBe(1);
    const s = syncSummarySchema.parse(JSON.parse(r.stdout));
    expect(s.ok).toBe(false);
    expect(s.resources.records?.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(s.resources.records!.error!.message).toContain(emu.key('admin').accessKey);
    expect(r.stdout + r.stderr).not.toContain('not-the-secret');
  });

  it('refuses bad flags with exit 2', async () => {
    expect((await onetap('sync', '--resources', 'records,nope')).code).toBe(2);
    expect((await onetap('sync', '--endpoint', emu.url, '--db', join(dir, 'd.db'))).code).toBe(2);
    expect(() => parseResources('')).toThrow(/at least one/);
    expect(parseResources('records, apps,records')).toEqual(['records', 'apps']);
  });

  it('draws a progress bar when the total is known and a counter when it is not', () => {
    const base = { workspaceId: 'w', phase: 'page' as const, rowsPerSec: 1234.5 };
    expect(progressLine({ ...base, resource: 'usage', done: 2, total: 4, etaSeconds: 75 }, 8)).toBe('usage      [####....] 2/4  1,235/s  ETA 1m15s');
    expect(progressLine({ ...base, resource: 'records', done: 120000, total: null, etaSeconds: null })).toBe('records    120,000 rows  1,235/s');
  });
});
