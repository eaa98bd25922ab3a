/**
 * A writer process for the team-store tests (two writers, kill -9 mid-page): syncs the records of
 * ONETAP_ENDPOINT into the PostgreSQL store ONETAP_STORE_URL and prints one line per committed
 * page, so the test knows where the run is. argv[2] = page size, argv[3] = "wait" to wait for
 * the lock, argv[4] = milliseconds to pause before each platform call (a slow writer, so a second
 * one surely meets it holding the lock). Not part of the app.
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
const platform = createPlatformClient({
  endpoint: process.env.ONETAP_ENDPOINT,
  accessKey: process.env.ONETAP_ACCESS_KEY,
  secretKey: process.env.ONETAP_SECRET_KEY,
});
const pauseMs = Number(process.argv[4] ?? 0);
const client: typeof platform =
  pauseMs > 0
    ? new Proxy(platform, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof v !== 'function' || prop === 'close') return v;
          return async (...args: unknown[]) => {
            await new Promise((r) => setTimeout(r, pauseMs));
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      })
    : platform;
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
