/**
 * Alibaba Cloud statistics sync: a year of daily statistics for 50 schemes synced through the
 * official SDK from the emulator's Alibaba face (client, schema checks, rollup writes), next to
 * a raw HTTP fetch of the same responses (the same signed requests made with fetch and parsed,
 * nothing stored), measured in the same run. Sizes: BENCH_ALIYUN_SCHEMES × BENCH_ALIYUN_DAYS
 * (default 50 × 365); `npm run bench -- aliyun --quick` runs 5 × 40.
 */
import { randomUUID } from 'node:crypto';
import { acs3Signature, canonicalRequest, sha256Hex } from '../shared/providers/acs3';
import { startEmulator } from '../emulator/index';
import { capabilities } from '../shared/platform/domain';
import { addDays, shanghaiDate } from '../shared/time/shanghai';
import { AliyunDypnsClient } from '../electron/main/services/providers/aliyun/client';
import { monthWindows, syncAliyunStatistics } from '../electron/main/services/providers/aliyun/statistics-sync';
import { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';

const quick = process.argv.includes('--quick');
const SCHEMES = Number(process.env.BENCH_ALIYUN_SCHEMES ?? (quick ? 5 : 50));
const DAYS = Number(process.env.BENCH_ALIYUN_DAYS ?? (quick ? 40 : 365));

/** One signed request made by hand with fetch (a benchmark baseline, never product code). */
async function rawCall(endpoint: string, id: string, secret: string, params: Record<string, string>): Promise<unknown> {
  const query = new URLSearchParams(params).toString().replace(/\+/g, '%20');
  const headers: Record<string, string> = {
    host: endpoint,
    'x-acs-action': 'QueryGateVerifyStatisticPublic',
    'x-acs-version': '2017-05-25',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': sha256Hex(''),
  };
  const signed = Object.keys(headers).sort();
  const canonical = canonicalRequest({ method: 'POST', path: '/', rawQuery: query, headers, payloadHash: headers['x-acs-content-sha256']! }, signed);
  const auth = `ACS3-HMAC-SHA256 Credential=${id},SignedHeaders=${signed.join(';')},Signature=${acs3Signature(secret, canonical)}`;
  const { host: _host, ...send } = headers;
  const res = await fetch(`http://${endpoint}/?${query}`, { method: 'POST', headers: { ...send, authorization: auth } });
  if (res.status !== 200) throw new Error(`raw fetch: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function run(): Promise<void> {
  const emu = await startEmulator({ seed: 12, days: DAYS, daily: 1, apps: 1, aliyunSchemes: SCHEMES, aliyunDaily: 2000, aliyunQps: 100_000 });
  try {
    const face = emu.aliyun!;
    const key = face.keys.find((k) => k.role === 'finance')!;
    const codes = face.schemes().map((s) => s.code);
    const today = shanghaiDate(Date.now());
    const from = addDays(today, -(DAYS - 1));
    const windows = monthWindows(from, today);

    const db = openWorkspaceDatabase(':memory:');
    const client = new AliyunDypnsClient({ endpoint: face.endpoint, protocol: 'http', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret });
    // Warm both paths (module loading, connection set-up, JIT) before timing either.
    const warm = { AuthenticationType: '1', StartDate: today.replace(/-/g, ''), EndDate: today.replace(/-/g, '') };
    for (let i = 0; i < 3; i++) {
      await client.dailyStatistics({ capability: 'login', startDate: today, endDate: today });
      await rawCall(face.endpoint, key.accessKeyId, key.accessKeySecret, warm);
    }
    const t0 = performance.now();
    const r = await syncAliyunStatistics(db, client, { schemeCodes: codes, now: Date.now(), firstSyncDays: DAYS });
    const sdkMs = performance.now() - t0;
    db.close();

    const t1 = performance.now();
    let requests = 0;
    for (const w of windows) {
      for (const capability of capabilities) {
        const type = capability === 'login' ? '1' : '2';
        const base = { AuthenticationType: type, StartDate: w.start.replace(/-/g, ''), EndDate: w.end.replace(/-/g, '') };
        for (const code of codes) {
          await rawCall(face.endpoint, key.accessKeyId, key.accessKeySecret, { ...base, SceneCode: code });
          requests++;
        }
        await rawCall(face.endpoint, key.accessKeyId, key.accessKeySecret, base);
        requests++;
      }
    }
    const rawMs = performance.now() - t1;
    console.log(`${SCHEMES} schemes × ${DAYS} days: ${r.calls} SDK calls, ${r.rowsWritten} rollup rows written`);
    console.log(`SDK sync            ${sdkMs.toFixed(0).padStart(7)} ms  (${((r.calls / sdkMs) * 1000).toFixed(0)} requests/s)`);
    console.log(
      `raw fetch baseline  ${rawMs.toFixed(0).padStart(7)} ms  (${((requests / rawMs) * 1000).toFixed(0)} requests/s, same ${requests} requests, nothing stored)`,
    );
    console.log(`ratio SDK / raw     ${(sdkMs / rawMs).toFixed(2)}×`);
  } finally {
    await emu.close();
  }
}
