/**
 * The compact record's dictionaries (record_apps, record_codes, record_descriptions) and the
 * catalogue texts the store adopted (record_catalogue): keys created on first sight.
 *
 * record_catalogue is this store's own copy of the code catalogue's descriptions, one row per
 * (operator, whose code, code key), written the first time the store needs it and never changed
 * after: a record stored with CATALOGUE_DESCRIPTION decodes from that row, so a later catalogue (a
 * new release rewording a code) cannot change how an old record reads. Such a release only changes
 * what (operator, code) pairs the store meets for the first time adopt; a record whose text is not
 * the adopted one keeps its own text in record_descriptions.
 */
import { operators, type Operator } from '../../../../shared/platform/domain';
import { catalogueDescription, type DescribedBy } from '../../../../shared/codes/record-description';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared-once';

/** auth_record_rows.description of a record whose text is the adopted catalogue text (0 is no record_descriptions key, and costs no bytes). */
export const CATALOGUE_DESCRIPTION = 0;

/** The operator and carrier flag keys of record_catalogue (the codec's OPERATOR_KEY order). */
const OPERATOR_INDEX: Readonly<Record<Operator, number>> = Object.fromEntries(operators.map((o, i) => [o, i])) as Record<Operator, number>;
const BY_KEY: Readonly<Record<DescribedBy, number>> = { result: 0, carrier: 1 };

export const RECORD_CATALOGUE_TABLE = `
CREATE TABLE record_catalogue (
  operator  INTEGER NOT NULL,      -- the codec's operator key
  carrier   INTEGER NOT NULL,      -- 1: the text of a carrier code, 0: of a platform result code
  code      INTEGER NOT NULL,      -- record_codes key
  text      TEXT NOT NULL,         -- the catalogue's text as this store adopted it; never updated
  PRIMARY KEY (operator, carrier, code)
) WITHOUT ROWID;
`;

/** What a record's description is checked against. */
export interface DescribedRecord {
  operator: Operator;
  resultCode: string;
  carrierCode: string | null;
  description: string;
}

/** Dictionary keys (record_apps, record_codes, record_descriptions), created on first sight. */
export interface RecordDictionaries {
  /** Key of an app id, and whether appId is the app's usual one (else the row keeps it). */
  app(id: string, appId: string): { key: number; usual: boolean };
  code(text: string): number;
  description(text: string): number;
  /**
   * auth_record_rows.description for a record: CATALOGUE_DESCRIPTION when its text is the catalogue
   * text this store adopted for its (operator, code), else its record_descriptions key. A store
   * before workspace-0021 (no record_catalogue) always gets the key.
   */
  recordDescription(r: DescribedRecord): number;
}

/**
 * Dictionary lookups for one transaction. The caches live only as long as this object: a rolled
 * back transaction takes its new keys with it, so a writer makes a fresh one per page.
 */
export function recordDictionaries(db: Db): RecordDictionaries {
  const { getApp, putApp, getCode, putCode, getDesc, putDesc, hasCatalogue } = statementsOf(db);
  const withCatalogue = hasCatalogue.get() !== undefined;
  const adopted = withCatalogue ? catalogueAdopter(db) : null;
  const apps = new Map<string, [number, string]>();
  const codes = new Map<string, number>();
  const descs = new Map<string, number>();
  /** `operator|by|code key` → the adopted text, or null when the catalogue has none. */
  const texts = new Map<string, string | null>();
  const code = (text: string): number => {
    let v = codes.get(text);
    if (v === undefined) {
      v = (getCode.get(text) as number | undefined) ?? Number(putCode.run(text).lastInsertRowid);
      codes.set(text, v);
    }
    return v;
  };
  const description = (text: string): number => {
    let v = descs.get(text);
    if (v === undefined) {
      v = (getDesc.get(text) as number | undefined) ?? Number(putDesc.run(text).lastInsertRowid);
      descs.set(text, v);
    }
    return v;
  };
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
    code,
    description,
    recordDescription(r) {
      if (!adopted) return description(r.description);
      const by: DescribedBy = r.carrierCode === null ? 'result' : 'carrier';
      const codeText = r.carrierCode ?? r.resultCode;
      const key = code(codeText);
      const k = `${r.operator}|${by}|${key}`;
      let text = texts.get(k);
      if (text === undefined) {
        text = adopted(r.operator, by, key, codeText);
        texts.set(k, text);
      }
      return text === r.description ? CATALOGUE_DESCRIPTION : description(r.description);
    },
  };
}

// Prepared once per connection: a writer makes fresh dictionaries for every sync page (issue 13).
const statementsOf = preparedOnce((db) => ({
  getApp: db.prepare('SELECT app, app_id FROM record_apps WHERE id = ?').raw(),
  putApp: db.prepare('INSERT INTO record_apps (id, app_id) VALUES (?, ?)'),
  getCode: db.prepare('SELECT code FROM record_codes WHERE text = ?').pluck(),
  putCode: db.prepare('INSERT INTO record_codes (text) VALUES (?)'),
  getDesc: db.prepare('SELECT description FROM record_descriptions WHERE text = ?').pluck(),
  putDesc: db.prepare('INSERT INTO record_descriptions (text) VALUES (?)'),
  hasCatalogue: db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record_catalogue'").pluck(),
}));
/** Prepared only once record_catalogue exists (workspace-0021). */
const catalogueStatementsOf = preparedOnce((db) => ({
  get: db.prepare('SELECT text FROM record_catalogue WHERE operator = ? AND carrier = ? AND code = ?').pluck(),
  put: db.prepare('INSERT INTO record_catalogue (operator, carrier, code, text) VALUES (?, ?, ?, ?)'),
}));

/** The adopted text of (operator, by, code key), adopting the current catalogue's on first sight; null when it has none. */
function catalogueAdopter(db: Db): (operator: Operator, by: DescribedBy, codeKey: number, codeText: string) => string | null {
  const { get, put } = catalogueStatementsOf(db);
  return (operator, by, codeKey, codeText) => {
    const stored = get.get(OPERATOR_INDEX[operator], BY_KEY[by], codeKey) as string | undefined;
    if (stored !== undefined) return stored;
    const text = catalogueDescription(operator, by, codeText);
    if (text !== null) put.run(OPERATOR_INDEX[operator], BY_KEY[by], codeKey, text);
    return text;
  };
}

/**
 * workspace-0021 on an existing store: adopts the catalogue's text for every code the store knows,
 * at each operator and as either kind of code, then drops the description key of every record whose
 * text is the adopted one for its (operator, code). Returns the records changed.
 */
export function adoptCatalogueDescriptions(db: Db): number {
  db.exec(RECORD_CATALOGUE_TABLE);
  const put = db.prepare('INSERT INTO record_catalogue (operator, carrier, code, text) VALUES (?, ?, ?, ?)');
  for (const [key, text] of db.prepare('SELECT code, text FROM record_codes ORDER BY code').raw().all() as [number, string][])
    for (const operator of operators)
      for (const by of ['result', 'carrier'] as const) {
        const adopted = catalogueDescription(operator, by, text);
        if (adopted !== null) put.run(OPERATOR_INDEX[operator], BY_KEY[by], key, adopted);
      }
  // Only rows whose key is one of the adopted texts can change: the IN list keeps the scan cheap.
  const candidates = db.prepare('SELECT description FROM record_descriptions WHERE text IN (SELECT text FROM record_catalogue)').pluck().all() as number[];
  if (!candidates.length) return 0;
  return db
    .prepare(
      `UPDATE auth_record_rows SET description = ${CATALOGUE_DESCRIPTION}
       WHERE description IN (${candidates.join(', ')})
         AND description = (SELECT d.description FROM record_catalogue ct JOIN record_descriptions d ON d.text = ct.text
                            WHERE ct.operator = auth_record_rows.operator AND ct.carrier = (auth_record_rows.carrier_code IS NOT NULL)
                              AND ct.code = COALESCE(auth_record_rows.carrier_code, auth_record_rows.result_code))`,
    )
    .run().changes;
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
  /** record_catalogue: the texts of records whose description key is CATALOGUE_DESCRIPTION. */
  catalogue: [operator: number, carrier: number, code: number, text: string][];
}

export function readRecordDictionaries(db: Db): RecordDictionaryRows {
  return {
    apps: db.prepare('SELECT app, id, app_id FROM record_apps').raw().all() as RecordDictionaryRows['apps'],
    codes: db.prepare('SELECT code, text FROM record_codes').raw().all() as RecordDictionaryRows['codes'],
    descriptions: db.prepare('SELECT description, text FROM record_descriptions').raw().all() as RecordDictionaryRows['descriptions'],
    catalogue: db.prepare('SELECT operator, carrier, code, text FROM record_catalogue').raw().all() as RecordDictionaryRows['catalogue'],
  };
}
