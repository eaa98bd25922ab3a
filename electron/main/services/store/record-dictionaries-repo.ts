/** The compact record's dictionaries (record_apps, record_codes, record_descriptions): keys created on first sight. */
import type { Db } from '../db/open';

/** Dictionary keys (record_apps, record_codes, record_descriptions), created on first sight. */
export interface RecordDictionaries {
  /** Key of an app id, and whether appId is the app's usual one (else the row keeps it). */
  app(id: string, appId: string): { key: number; usual: boolean };
  code(text: string): number;
  description(text: string): number;
}

/**
 * Dictionary lookups for one transaction. The caches live only as long as this object: a rolled
 * back transaction takes its new keys with it, so a writer makes a fresh one per page.
 */
export function recordDictionaries(db: Db): RecordDictionaries {
  const getApp = db.prepare('SELECT app, app_id FROM record_apps WHERE id = ?').raw();
  const putApp = db.prepare('INSERT INTO record_apps (id, app_id) VALUES (?, ?)');
  const getCode = db.prepare('SELECT code FROM record_codes WHERE text = ?').pluck();
  const putCode = db.prepare('INSERT INTO record_codes (text) VALUES (?)');
  const getDesc = db.prepare('SELECT description FROM record_descriptions WHERE text = ?').pluck();
  const putDesc = db.prepare('INSERT INTO record_descriptions (text) VALUES (?)');
  const apps = new Map<string, [number, string]>();
  const codes = new Map<string, number>();
  const descs = new Map<string, number>();
  return {
    app(id, appId) {
      let v = apps.get(id);
      if (!v) {
        const row = getApp.get(id) as [number, string] | undefined;
        v = row ?? [Number(putApp.run(id, appId).lastInsertRowid), appId];
        apps.set(id, v);
      }
      return { key: v[0], usual: v[1] === appId };
    },
    code(text) {
      let v = codes.get(text);
      if (v === undefined) {
        v = (getCode.get(text) as number | undefined) ?? Number(putCode.run(text).lastInsertRowid);
        codes.set(text, v);
      }
      return v;
    },
    description(text) {
      let v = descs.get(text);
      if (v === undefined) {
        v = (getDesc.get(text) as number | undefined) ?? Number(putDesc.run(text).lastInsertRowid);
        descs.set(text, v);
      }
      return v;
    },
  };
}

/** The usual appId of every app id records were ever stored for (one small read: an entry per app). */
export function recordAppIds(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT id, app_id FROM record_apps').raw().all() as [string, string][]);
}

/** The dictionaries whole, for readers that decode compact rows in memory (an export): a few hundred rows. */
export interface RecordDictionaryRows {
  apps: [app: number, id: string, appId: string][];
  codes: [code: number, text: string][];
  descriptions: [description: number, text: string][];
}

export function readRecordDictionaries(db: Db): RecordDictionaryRows {
  return {
    apps: db.prepare('SELECT app, id, app_id FROM record_apps').raw().all() as RecordDictionaryRows['apps'],
    codes: db.prepare('SELECT code, text FROM record_codes').raw().all() as RecordDictionaryRows['codes'],
    descriptions: db.prepare('SELECT description, text FROM record_descriptions').raw().all() as RecordDictionaryRows['descriptions'],
  };
}
