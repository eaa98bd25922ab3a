/** app_key_reveals: the local record of every appKey reveal or copy (never the key itself). */
import type { Db } from '../db/open';

export interface KeyReveal {
  at: number;
  purpose: 'reveal' | 'copy';
  mode: string;
  osUser: string;
}

export function revealsRepo(db: Db) {
  return {
    record(r: KeyReveal & { id: string; appId: string | null; accessKey: string | null }): void {
      db.prepare('INSERT INTO app_key_reveals (at, id, app_id, purpose, mode, os_user, access_key) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        r.at,
        r.id,
        r.appId,
        r.purpose,
        r.mode,
        r.osUser,
        r.accessKey,
      );
    },
    forApp(id: string, limit = 50): KeyReveal[] {
      return db
        .prepare('SELECT at, purpose, mode, os_user AS osUser FROM app_key_reveals WHERE id = ? ORDER BY at DESC, reveal_id DESC LIMIT ?')
        .all(id, limit) as KeyReveal[];
    },
  };
}
