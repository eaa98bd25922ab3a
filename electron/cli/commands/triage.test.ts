import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageExplanation } from '../../../shared/contract/toolkit';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { openTestWorkspaceDb } from '../../main/services/testing/context';
import { HOUR, SCENARIO_NOW, SURGE_START, scenarioApp, surgeRecords, writeApps, writeRecords } from '../../main/services/triage/testing/scenario';
import { onetap } from '../testing/run-in-process';

let dir: string;
let dbFile: string;
let failedSeq: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-cli-triage-'));
  dbFile = join(dir, 'workspace.db');
  const db = openTestWorkspaceDb(dbFile);
  writeApps(db, [scenarioApp(), scenarioApp({ version: 2, ipWhitelist: ['203.0.113.10'], updatedAt: toShanghaiIso(SURGE_START - HOUR) })]);
  const records = surgeRecords({ resultCode: '10105', carrierCode: '103511' }, 30, 5);
  writeRecords(db, records);
  failedSeq = records.findIndex((r) => r.carrierCode === '103511' && r.at > SURGE_START) + 1;
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const to = toShanghaiIso(SCENARIO_NOW);

describe('onetap triage', () => {
  it('--json: the triage.explain answer for a code and an app', async () => {
    const r = await onetap('triage', '103511', '--app', '300011112222', '--to', to, '--db', dbFile, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as TriageExplanation;
    expect(out.causes[0]!.cause).toBe('ip-whitelist');
    expect(out.surge?.start).toBe(SURGE_START);
    expect(out.changes[0]).toMatchObject({ related: true, hoursBefore: 1 });
  });

  it('prints the causes, the whitelist and the edit in the chosen language', async () => {
    const zh = await onetap('triage', '--record', String(failedSeq), '--db', dbFile);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('服务器 IP 不在白名单');
    expect(zh.stdout).toContain('IP 白名单: 203.0.113.10');
    expect(zh.stdout).toContain('ipWhitelist: 203.0.113.10, 198.51.100.0/24 → 203.0.113.10');
    const en = await onetap('triage', '103511', '--app', 'app-shop', '--to', to, '--db', dbFile, '--locale', 'en-US');
    expect(en.stdout).toContain("The server's IP is not in the whitelist");
    expect(en.stdout).toContain('Failure surge: From 2026-11-14 10:00');
    expect(en.stdout).toContain('1.0 h before');
  });

  it('refuses bad flags as usage errors', async () => {
    expect((await onetap('triage', '--db', dbFile)).code).toBe(2);
    expect((await onetap('triage', '103511', '--days', '40', '--db', dbFile)).code).toBe(2);
    expect((await onetap('triage', '103511', '--locale', 'fr', '--db', dbFile)).code).toBe(2);
    expect((await onetap('triage', '103511', '--operator', 'XX', '--db', dbFile)).code).toBe(2);
  });
});
