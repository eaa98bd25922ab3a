/** activities ("最近动态"): immutable and keyed by seq, so a page served twice changes nothing. */
import type { PlatformActivity } from '../../../../shared/platform/schemas';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';

export interface ActivitiesWriter {
  /** Inserts new activities; returns how many were new. Call inside a transaction. */
  insert(items: readonly PlatformActivity[]): number;
}

export function activitiesWriter(db: Db): ActivitiesWriter {
  const ins = db.prepare(`INSERT INTO activities (seq, at, kind, app_id, id, name, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(seq) DO NOTHING`);
  return {
    insert(items) {
      let written = 0;
      for (const a of items) {
        const at = parseIsoInstant(a.at);
        if (Number.isNaN(at)) throw new Error(`activity ${a.seq} has a bad time ${a.at}`);
        written += ins.run(a.seq, at, a.kind, a.appId, a.id, a.name, a.detail).changes;
      }
      return written;
    },
  };
}
