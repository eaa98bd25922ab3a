/** alert_channels in the console database (channels are shared by every workspace). */
import type { ChannelKind } from '../../../../../shared/contract/alerts';
import type { Db } from '../../db/open';

export interface ChannelRow {
  name: string;
  kind: ChannelKind;
  url: string;
  hasSecret: boolean;
  secretSealed: string | null;
  createdAt: number;
}

interface Raw {
  name: string;
  kind: ChannelKind;
  url: string;
  has_secret: number;
  secret_sealed: string | null;
  created_at: number;
}

const fromRaw = (r: Raw): ChannelRow => ({
  name: r.name,
  kind: r.kind,
  url: r.url,
  hasSecret: r.has_secret === 1,
  secretSealed: r.secret_sealed,
  createdAt: r.created_at,
});

export function channelsRepo(db: Db) {
  return {
    all: (): ChannelRow[] => (db.prepare('SELECT * FROM alert_channels ORDER BY name').all() as Raw[]).map(fromRaw),
    get(name: string): ChannelRow | null {
      const r = db.prepare('SELECT * FROM alert_channels WHERE name = ?').get(name) as Raw | undefined;
      return r ? fromRaw(r) : null;
    },
    put(c: ChannelRow, now: number): void {
      db.prepare(
        `INSERT INTO alert_channels (name, kind, url, has_secret, secret_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, url = excluded.url, has_secret = excluded.has_secret, secret_sealed = excluded.secret_sealed, updated_at = excluded.updated_at`,
      ).run(c.name, c.kind, c.url, c.hasSecret ? 1 : 0, c.secretSealed, c.createdAt, now);
    },
    remove: (name: string): boolean => db.prepare('DELETE FROM alert_channels WHERE name = ?').run(name).changes > 0,
  };
}
