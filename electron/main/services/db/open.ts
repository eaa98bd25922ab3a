/**
 * Opens a SQLite file with the pragmas every database of the console uses and brings its
 * schema up to date. better-sqlite3 is loaded from `nativeBinding` when the Electron shell
 * has an Electron build of it (see scripts/electron-native.mjs); tests use the Node build.
 */
import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  migrations: readonly Migration[];
  readonly?: boolean;
  /** Path of a better_sqlite3.node built for the running runtime (Electron). */
  nativeBinding?: string;
}

let processNativeBinding: string | undefined;

/**
 * The Electron shell sets this once at start-up, so every database opened in that process
 * (console and workspaces, whoever opens them) loads the Electron build; an explicit
 * `nativeBinding` option still wins.
 */
export function setDefaultNativeBinding(path: string | undefined): void {
  processNativeBinding = path;
}

export function openDatabase(file: string, opts: OpenOptions): Db {
  const nativeBinding = opts.nativeBinding ?? processNativeBinding;
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    // Read-only handles cannot change the journal mode; the writer set WAL when it created the file.
    if (file !== ':memory:' && !opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!opts.readonly) migrate(db, opts.migrations);
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
  const nativeBinding = opts.nativeBinding ?? processNativeBinding;
  const db = new Database(file, { readonly: opts.readonly, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  return db;
}
