/**
 * Numbered migrations tracked by PRAGMA user_version. Each runs in its own transaction, so a
 * failure leaves the file at the previous version; a file newer than this code is refused
 * rather than guessed at.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../../../shared/contract/errors';

export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Database.Database) => void);
}

export class SchemaTooNewError extends ApiError {
  constructor(
    readonly fileVersion: number,
    readonly codeVersion: number,
  ) {
    super('SCHEMA_TOO_NEW', `database schema version ${fileVersion} is newer than this console understands (${codeVersion}); update the console`, {
      detail: { fileVersion, codeVersion },
    });
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps (found ${m.version} at ${i + 1})`);
  });
  const latest = ordered.length;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);
  for (const m of ordered.slice(from)) {
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
