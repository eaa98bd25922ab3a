/**
 * A writer process for the team-store tests (two writers, kill -9 mid-page): syncs the records of
 * ONETAP_ENDPOINT into the PostgreSQL store ONETAP_STORE_URL and prints one line per committed
 * page, so the test knows where the run is. argv[2] = page size, argv[3] = "wait" to wait for
 * the lock. Not part of the app.
 */
import { systemClock } from '../../core/clock';
import { createPlatformClient } from '../../platform/http-client';
import { PgStore } from '../pg-store';
import { runStoreSync } from '../store-sync';

const url = process.env.ONETAP_STORE_URL;
if (!url || !process.env.ONETAP_ENDPOINT || !process.env.ONETAP_ACCESS_KEY || !process.env.ONETAP_SECRET_KEY) {
  process.stderr.write('usage: store-sync-child [page-size] [wait] with ONETAP_STORE_URL / ONETAP_ENDPOINT / ONETAP_ACCESS_KEY / ONETAP_SECRET_KEY\n');
  process.exit(2);
}
const store = await PgStore.open({ config: { connectionString: url }, migrate: true, applicationName: `store-sync-child pid ${process.pid}` });
const client = createPlatformClient({
  endpoint: process.env.ONETAP_ENDPOINT,
  accessKey: process.env.ONETAP_ACCESS_KEY,
  secretKey: process.env.ONETAP_SECRET_KEY,
});
process.stdout.write('ready\n');
try {
  const summary = await runStoreSync({
    store,
    client,
    clock: systemClock,
    resources: ['records'],
    pageSizes: { records: Number(process.argv[2] ?? 500) },
    lock: process.argv[3] === 'wait' ? { wait: true, timeoutMs: 30_000 } : {},
    onProgress: (p) => process.stdout.write(`${p.resource} ${p.phase} ${p.done}\n`),
  });
  process.stdout.write(`done ${JSON.stringify(summary)}\n`);
} catch (e) {
  process.stdout.write(`refused ${(e as Error).message}\n`);
  process.exitCode = 3;
} finally {
  client.close();
  await store.close();
}
