/**
 * A writer's WAL checkpoints on a thread of their own. SQLite's autocheckpoint runs inside the
 * COMMIT that takes the WAL past 1,000 pages: it copies the WAL into the database and fsyncs both,
 * on the writer's thread. A sync writes about 70 MB at 600,000 records, so nearly every one of its
 * commits ran a checkpoint; the sync bench's writer path (a day at 200,000 records) slept 70–110 ms
 * in them (100–240 voluntary context switches, the fsyncs) beside 600–850 ms of CPU, and none of it
 * with autocheckpoint off (5–20 switches; the checkpoint then waits for the end).
 *
 * So while a writer holds one of these, its connection's autocheckpoint is off and each commit asks
 * this thread for a PASSIVE checkpoint (it copies what is committed, waits for nobody, and the
 * writer goes on appending meanwhile; SQLite restarts the WAL at the next write once a checkpoint has
 * caught up). Crash safety is SQLite's own: a checkpoint from another connection is an ordinary one,
 * and a kill at any moment leaves committed frames in the WAL for the next open to recover.
 *
 * Bounds: the thread starts only once the WAL passes what autocheckpoint would have let it reach
 * (a small sync never pays for a thread); past `boundBytes` the writer waits, before its next commit,
 * for one checkpoint of everything committed so far (and the connection's journal_size_limit trims
 * the file back to that bound when the WAL restarts), so the WAL never grows with the sync. If the
 * thread fails, the connection's own autocheckpoint comes back and the writer checkpoints as before.
 * `close` runs one last checkpoint on the thread, waits for it and restores the connection's settings.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { defaultNativeBinding, type Db } from './open';

export interface WalCheckpointOptions {
  /** The WAL's size at which the thread starts (default: autocheckpoint's 1,000 pages of 4 KiB). */
  startBytes?: number;
  /** Past this size the writer waits for a checkpoint before it commits again. */
  boundBytes?: number;
}

export const WAL_CHECKPOINT_DEFAULTS = { startBytes: 4 * 1024 * 1024, boundBytes: 64 * 1024 * 1024 } as const;

export interface WalCheckpointer {
  /** After each commit of the writer: starts or pokes the thread; resolves at once unless the WAL is past its bound. */
  afterCommit(): Promise<void>;
  /** Whether the thread has been started (and not failed). */
  readonly threaded: boolean;
  /** One last checkpoint on the thread, then the connection's own settings back. */
  close(): Promise<void>;
}

/** What the thread reports after each checkpoint (SQLite's wal_checkpoint row). */
interface CheckpointReply {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * The thread's code: a connection of its own to the same file, at a background priority (on Linux a
 * nice value is per thread; elsewhere it would lower the whole app, so it is not set), that runs a
 * PASSIVE checkpoint per request. Plain CommonJS, so it needs no bundle entry of its own.
 */
const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
if (process.platform === 'linux') {
  try { require('node:os').setPriority(${10}); } catch {}
}
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
parentPort.on('message', (m) => {
  const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
  parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  if (m === 'close') {
    db.close();
    parentPort.close();
  }
});
`;

/** Connections with a checkpointer open. */
const held = new WeakSet<Db>();

/** A checkpointer for `db` (a file-backed connection; for any other, or one that has a checkpointer open, it does nothing). */
export function walCheckpointer(db: Db, opts: WalCheckpointOptions = {}): WalCheckpointer {
  const { startBytes, boundBytes } = { ...WAL_CHECKPOINT_DEFAULTS, ...opts };
  // One per connection: a second (a feed inside another's span) leaves the first's settings alone.
  if (db.memory || db.readonly || !db.name || held.has(db)) return { afterCommit: () => Promise.resolve(), threaded: false, close: () => Promise.resolve() };
  held.add(db);
  const walFile = `${db.name}-wal`;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const sizeLimit = db.pragma('journal_size_limit', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${Math.floor(boundBytes)}`);

  let worker: Worker | null = null;
  let failed = false;
  let closing = false;
  /** Resolves when the thread has ended (for whatever reason). */
  let ended: Promise<void> = Promise.resolve();
  /** Told when the checkpoint under way finishes (close waits for it). */
  let onIdle: (() => void) | null = null;
  let running = false;
  let pending = false;
  /** Resolved by the next checkpoint to finish that started after they were added. */
  let waiting: (() => void)[] = [];
  let startedFor: (() => void)[] = [];
  const wake = (list: (() => void)[]): void => list.forEach((w) => w());

  const request = (): void => {
    if (!worker) return;
    if (running) {
      pending = true;
      return;
    }
    running = true;
    startedFor = waiting;
    waiting = [];
    worker.postMessage('checkpoint');
  };
  /** The thread is gone: the writer checkpoints on its own again, and nobody waits for the thread. */
  const fallBack = (): void => {
    if (failed) return;
    failed = true;
    worker = null;
    if (!closing) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    wake(startedFor.concat(waiting));
    startedFor = [];
    waiting = [];
  };
  const start = (): void => {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const nativeBinding = defaultNativeBinding();
    const w = new Worker(THREAD_CODE, { eval: true, workerData: { module, file: db.name, nativeBinding } });
    w.on('message', (_r: CheckpointReply) => {
      running = false;
      const done = startedFor;
      startedFor = [];
      wake(done);
      if (closing) {
        onIdle?.();
        return;
      }
      if (pending || waiting.length > 0) {
        pending = false;
        request();
      }
    });
    w.on('error', fallBack);
    ended = new Promise<void>((resolve) =>
      w.once('exit', () => {
        if (!closing) fallBack();
        onIdle?.();
        resolve();
      }),
    );
    worker = w;
  };
  const walBytes = (): number => {
    try {
      return statSync(walFile).size;
    } catch {
      return 0;
    }
  };

  return {
    get threaded() {
      return worker !== null;
    },
    afterCommit() {
      if (failed || closing) return Promise.resolve();
      const size = walBytes();
      if (!worker) {
        if (size < startBytes) return Promise.resolve();
        start();
      }
      if (size <= boundBytes) {
        request();
        return Promise.resolve();
      }
      const caughtUp = new Promise<void>((resolve) => waiting.push(resolve));
      request();
      return caughtUp;
    },
    async close() {
      if (closing) return;
      closing = true;
      wake(waiting);
      waiting = [];
      const w = worker;
      if (w && !failed) {
        if (running) await new Promise<void>((resolve) => (onIdle = resolve));
        // The last commits' checkpoint, on the thread; then the thread ends.
        w.postMessage('close');
      }
      await ended;
      worker = null;
      held.delete(db);
      if (db.open) {
        db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
        db.pragma(`journal_size_limit = ${sizeLimit}`);
      }
    },
  };
}
