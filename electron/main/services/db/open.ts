/**
 * Opens a SQLite file with the pragmas every database of the console uses and brings its
 * schema up to date. better-sqlite3 is loaded from `nativeBinding` when the Electron shell
 * has an Electron build of it (see scripts/electron-native.mjs); tests use the Node build.
 */
import { chmodSync, closeSync, existsSync, openSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, SchemaTooNewError, type Migration } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  migrations: readonly Migration[];
  readonly?: boolean;
  /** Path of a better_sqlite3.node built for the running runtime (Electron). */
  nativeBinding?: string;
}

let processNativeBinding: string | undefined;

/**
 * better-sqlite3's own Node build, named outright when it is where its install puts it. The
 * `onetap` bundle carries better-sqlite3's JavaScript (scripts/lib/cli-build-options.mjs: a dozen
 * files fewer to resolve, read and compile on each start; issue 13), and the package's fallback,
 * the `bindings` lookup, would search beside the bundle rather than the package. Undefined (that
 * lookup) when the file is not there.
 */
let nodeAddon: string | null | undefined;
function packageNodeAddon(): string | undefined {
  if (nodeAddon === undefined) {
    try {
      const addon = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
      nodeAddon = existsSync(addon) ? addon : null;
    } catch {
      nodeAddon = null;
    }
  }
  return nodeAddon ?? undefined;
}

/**
 * The Electron shell sets this once at start-up, so every database opened in that process
 * (console and workspaces, whoever opens them) loads the Electron build; an explicit
 * `nativeBinding` option still wins.
 */
export function setDefaultNativeBinding(path: string | undefined): void {
  processNativeBinding = path;
}

/** The native build this process loads (worker threads that open databases load the same one). */
export function defaultNativeBinding(): string | undefined {
  return processNativeBinding;
}

/**
 * The database files this process has open. POSIX locks belong to the process, so closing ANY
 * descriptor of one of these files (a plain read of it, say) silently drops SQLite's locks on it;
 * code that reads files a caller names asks here first and refuses them.
 */
const openFiles = new Map<Db, string>();

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** True when `path` is (a journal of) a database this process has open. */
export function isOpenDatabaseFile(path: string): boolean {
  const real = realOrResolved(path);
  for (const file of openFiles.values()) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) if (real === `${file}${suffix}`) return true;
  }
  return false;
}

/** Drops group/other access from a file or folder made by an older console (best effort: it may not be ours). */
export function tightenMode(path: string, mode: 0o600 | 0o700): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  } catch {
    // not ours to change, or gone: opening it reports what matters
  }
}

export function openDatabase(file: string, opts: OpenOptions): Db {
  const nativeBinding = opts.nativeBinding ?? processNativeBinding ?? packageNodeAddon();
  const onDisk = file !== ':memory:' && file !== '';
  // Records are PII: a new database file is its owner's only (SQLite gives -wal/-shm the same mode).
  if (onDisk && !opts.readonly && !existsSync(file)) {
    try {
      closeSync(openSync(file, 'wx', 0o600));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  } else if (onDisk && !opts.readonly) tightenMode(file, 0o600);
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    // A file from a newer console is refused before anything is written to it (not even WAL mode).
    const latest = opts.migrations.length;
    const fileVersion = db.pragma('user_version', { simple: true }) as number;
    if (!opts.readonly && fileVersion > latest) throw new SchemaTooNewError(fileVersion, latest);
    // Read-only handles cannot change the journal mode; the writer set WAL when it created the file.
    if (onDisk && !opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!opts.readonly) migrate(db, opts.migrations);
    if (onDisk) {
      openFiles.set(db, realOrResolved(file));
      const close = db.close.bind(db);
      db.close = () => {
        openFiles.delete(db);
        return close();
      };
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Opens a SQLite file as it is, with no journal-mode change and no migrations: for files the
 * console inspects rather than owns (a backup being checked or restored from).
 */
export function openFileAsIs(file: string, opts: { readonly: boolean; nativeBinding?: string }): Db {
  const nativeBinding = opts.nativeBinding ?? processNativeBinding ?? packageNodeAddon();
  const db = new Database(file, { readonly: opts.readonly, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  return db;
}
