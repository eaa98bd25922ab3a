/**
 * A sync process for the crash tests (kill -9 at random moments, then resume): syncs the
 * records of ONETAP_ENDPOINT into the database file argv[2] and prints one line per committed
 * page, so the test knows the run is under way. Pages come through the worker thread, as in the
 * app's syncs. Not part of the app.
 *
 * With CRASH_IN_GROUP=<seq> the records pages are all fetched through the worker first and served
 * ready from memory (as the sync bench's writer path does), so the feed writes them in groups, and
 * the process kills itself (SIGKILL) while inserting the first record at or after that seq that lies
 * beyond the first page of a grouped commit: inside a transaction of several pages.
 * The WAL is checkpointed by its own thread from the first commit (db/wal-checkpointer.ts).
 */
import type { BatchPage, PlatformClient } from '../../platform/client-types';
import { memorySecretStore } from '../../core/secrets';
import { systemClock } from '../../core/clock';
import { workspaceMigrations } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { createPlatformClient } from '../../platform/http-client';
import { runSync } from '../engine';
import { killInsideGroup, recordsCursor } from './crash-in-group';

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
const crashAt = Number(process.env.CRASH_IN_GROUP ?? 0);
let syncClient: PlatformClient = client;
let committed = 0;
if (crashAt > 0) {
  const pages = new Map<number, BatchPage>();
  for (let after = 0; ;) {
    const p = await client.authRecordBatches!(after, pageSize);
    pages.set(after, p);
    after = p.next;
    if (!p.hasMore) break;
  }
  syncClient = Object.assign(Object.create(client) as PlatformClient, {
    authRecordBatches: (after: number, limit: number, signal?: AbortSignal) =>
      limit === pageSize && pages.has(after) ? Promise.resolve(pages.get(after)!) : client.authRecordBatches!(after, limit, signal),
  });
  committed = recordsCursor(db);
  killInsideGroup(db, crashAt, pageSize, () => committed);
}
const start = committed;
process.stdout.write('ready\n');
const summary = await runSync({
  db,
  client: syncClient,
  secrets: memorySecretStore(),
  clock: systemClock,
  resources: ['apps', 'activities', 'records', 'usage'],
  pageSizes: { records: pageSize, apps: 2, activities: 3 },
  // The WAL's checkpoint thread from the first commit, and a bound small enough that the writer waits
  // for it: the kills land while it copies the WAL.
  walCheckpoint: { startBytes: 0, boundBytes: 256 * 1024 },
  onProgress: (p) => {
    if (p.resource === 'records' && p.phase === 'page') committed = start + p.done;
    process.stdout.write(`${p.resource} ${p.phase} ${p.done}\n`);
  },
});
process.stdout.write(`done ${JSON.stringify(summary)}\n`);
client.close();
db.close();
