import { settingsSchema, type Settings, type SettingsPatch } from '../../../../shared/contract/settings';
import type { Db } from '../db/open';

export interface SettingsRepo {
  read(): Settings;
  /** Writes the given keys and returns the settings as they now are. */
  write(patch: SettingsPatch): Settings;
}

/** Settings live as one JSON value per key in the console database. */
export function settingsRepo(db: Db): SettingsRepo {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const put = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const read = (): Settings => fromRows(all.all());
  const write = db.transaction((patch: SettingsPatch) => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) put.run(k, JSON.stringify(v));
  });
  return {
    read,
    write(patch) {
      write(patch);
      return read();
    },
  };
}

function fromRows(rows: readonly { key: string; value: string }[]): Settings {
  const raw: Record<string, unknown> = {};
  for (const r of rows) {
    try {
      raw[r.key] = JSON.parse(r.value);
    } catch {
      // A damaged value falls back to its default rather than breaking start-up.
    }
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Drop only the keys that fail, keep the rest.
  const good: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const one = settingsSchema.shape[k as keyof Settings]?.safeParse(v);
    if (one?.success) good[k] = one.data;
  }
  return settingsSchema.parse(good);
}
