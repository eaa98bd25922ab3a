/**
 * A sync process for the crash tests (kill -9 at random moments, then resume): syncs the
 * records of ONETAP_ENDPOINT into the database file argv[2] and prints one line per committed
 * page, so the test knows the run is under way. Pages come through the worker thread, as in the
 * app's syncs. Not part of the app.
 */
import { memorySecretStore } from '../core/secrets';
import { systemClock } from '../core/clock';
import { workspaceMigrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { createPlatformClient } from '../platform/http-client';
import { runSync } from './engine';

const file = process.argv[2];
const pageSize = Number(process.argv[3] ?? 1000);
if (!file || !process.env.ONETAP_ENDPOINT || !process.env.ONETAP_ACCESS_KEY || !process.env.ONETAP_SECRET_KEY) {
  process.stderr.write('usage: crash-child <db-file> [page-size] with ONETAP_ENDPOINT / ONETAP_ACCESS_KEY / ONETAP_SECRET_KEY\n');
  process.exit(2);
}
const db = openDatabase(file, { migrations: workspaceMigrations });
const client = createPlatformClient({
  endpoint: process.env.ONETAP_ENDPOINT,
  accessKey: process.env.ONETAP_ACCESS_KEY,
  secretKey: process.env.ONETAP_SECRET_KEY,
  // The sync's own pipeline: pages fetched, verified and validated in the worker thread.
  pageWorker: true,
});
process.stdout.write('ready\n');
const summary = await runSync({
  db,
  client,
  secrets: memorySecretStore(),
  clock: systemClock,
  resources: ['apps', 'activities', 'records', 'usage'],
  pageSizes: { records: pageSize, apps: 2, activities: 3 },
  onProgress: (p) => process.stdout.write(`${p.resource} ${p.phase} ${p.done}\n`),
});
process.stdout.write(`done ${JSON.stringify(summary)}\n`);
client.close();
db.close();
