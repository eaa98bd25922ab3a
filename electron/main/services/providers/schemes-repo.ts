/** provider_schemes: the scheme codes an Alibaba Cloud workspace knows (there is no list call). */
import type { Db } from '../db/open';

export interface SchemeRow {
  code: string;
  name: string | null;
  appName: string | null;
  osType: string | null;
  origin: 'created' | 'added';
  addedAt: number;
  deletedAt: number | null;
}

const COLUMNS = 'code, name, app_name AS appName, os_type AS osType, origin, added_at AS addedAt, deleted_at AS deletedAt';

export function schemesRepo(db: Db) {
  return {
    all(): SchemeRow[] {
      return db.prepare(`SELECT ${COLUMNS} FROM provider_schemes ORDER BY added_at, code`).all() as SchemeRow[];
    },
    /** Codes whose statistics are synced (deleted schemes too: their history still counts). */
    codes(): string[] {
      return db.prepare('SELECT code FROM provider_schemes ORDER BY code').pluck().all() as string[];
    },
    add(row: Omit<SchemeRow, 'deletedAt'>): boolean {
      return (
        db
          .prepare('INSERT INTO provider_schemes (code, name, app_name, os_type, origin, added_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING')
          .run(row.code, row.name, row.appName, row.osType, row.origin, row.addedAt).changes === 1
      );
    },
    markDeleted(code: string, at: number): void {
      db.prepare('UPDATE provider_schemes SET deleted_at = ? WHERE code = ? AND deleted_at IS NULL').run(at, code);
    },
    forget(code: string): boolean {
      return db.prepare('DELETE FROM provider_schemes WHERE code = ?').run(code).changes === 1;
    },
  };
}
