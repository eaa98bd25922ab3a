/**
 * Records as the compact table stores them (store/record-codec.ts), for an export's hot loop: rows
 * read as arrays straight off auth_record_rows, with the dictionaries (apps, codes, descriptions)
 * held in memory instead of joined and decoded row by row through the auth_records view. A writer
 * turns them into its format with per-key caches (a page repeats the same few apps and codes).
 */
import type { RecordDictionaryRows } from '../store/record-dictionaries-repo';

/** One row of records/record-sql compactPageSql, in COMPACT_ROW_COLUMNS order. */
export type CompactRow = [
  seq: number,
  requestMs: number,
  app: number,
  operator: number,
  capability: number,
  success: number,
  outcome: number | null,
  resultCode: number,
  carrierCode: number | null,
  description: number,
  /** NULL when it is the app's usual appId (record_apps.app_id). */
  appId: string | null,
  recordId: string,
  /** An integer when encoded (record-codec encodePhone), else the text as it came, or NULL. */
  maskedPhone: number | string | null,
  authType: string | null,
  /** An integer when encoded (record-codec encodeIp), else the text as it came, or NULL. */
  clientIp: number | string | null,
  traceId: string,
];

export interface RecordApp {
  id: string;
  /** The app's usual appId. */
  appId: string;
  /** Its name in the apps table, or null (an app never synced). */
  name: string | null;
}

/** Dictionary keys → values, in memory. A key it has not seen (records written since it was read) reloads it. */
export interface CompactDictionaries {
  app(key: number): RecordApp | undefined;
  code(key: number): string | undefined;
  description(key: number): string | undefined;
  /** The adopted catalogue text of a record whose description key is CATALOGUE_DESCRIPTION. */
  catalogue(operator: number, carrier: boolean, code: number): string | undefined;
}

/** record_catalogue's key (operator < 4, carrier 0|1) as one number. */
const catalogueKey = (operator: number, carrier: number, code: number): number => (code * 4 + operator) * 2 + carrier;

export function compactDictionaries(read: () => RecordDictionaryRows, appNames: ReadonlyMap<string, string>): CompactDictionaries {
  let apps = new Map<number, RecordApp>();
  let codes = new Map<number, string>();
  let descriptions = new Map<number, string>();
  let catalogue = new Map<number, string>();
  const load = (): void => {
    const d = read();
    apps = new Map(d.apps.map(([key, id, appId]) => [key, { id, appId, name: appNames.get(id) ?? null }]));
    codes = new Map(d.codes);
    descriptions = new Map(d.descriptions);
    catalogue = new Map(d.catalogue.map(([operator, carrier, code, text]) => [catalogueKey(operator, carrier, code), text]));
  };
  load();
  const lookup =
    <V>(map: () => Map<number, V>) =>
    (key: number): V | undefined => {
      const v = map().get(key);
      if (v !== undefined) return v;
      load();
      return map().get(key);
    };
  const inCatalogue = lookup(() => catalogue);
  return {
    app: lookup(() => apps),
    code: lookup(() => codes),
    description: lookup(() => descriptions),
    catalogue: (operator, carrier, code) => inCatalogue(catalogueKey(operator, carrier ? 1 : 0, code)),
  };
}
