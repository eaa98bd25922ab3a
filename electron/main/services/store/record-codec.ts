/**
 * The compact form of an auth record (issue 13): what auth_record_rows stores for each field of a
 * platform record, and the SQL that turns it back. Every encoding is lossless: a value that does not
 * have the expected shape is stored as it came (SQLite keeps each value's type, and the columns have
 * no affinity), so the decoders tell the compact forms from verbatim ones by their type.
 *
 *   app, codes               integer keys into record_apps / record_codes
 *   description              0 (CATALOGUE_DESCRIPTION) when the text is the code catalogue's for the record's
 *                            (operator, carrier code, else result code) as the store adopted it (record_catalogue,
 *                            since workspace-0021), else a key into record_descriptions
 *   app_id                   NULL when it is the app's usual appId (record_apps.app_id), else the text
 *   operator, capability,    small integers (SQLite stores 0 and 1 in the row header alone)
 *   outcome
 *   record_id                `rec_` + 8 hex + [0-9a-z]*  →  blob of the 4 hex bytes + the tail
 *   trace_id                 lowercase hex  →  blob of its bytes
 *   masked_phone             `ddd****dddd` (first digit not 0)  →  integer ddddddd
 *   client_ip                dotted IPv4  →  its 32-bit number minus 2^31 (always a 4-byte integer)
 *   billable                 not stored: it follows from capability, success and outcome
 */
import { operators, type Capability, type Operator, type VerifyOutcome } from '../../../../shared/platform/domain';
import type { CanonicalRecord } from './content-digest';
import { CATALOGUE_DESCRIPTION, type RecordDictionaries } from './record-dictionaries-repo';

export const OPERATOR_KEY: Readonly<Record<Operator, number>> = { CMCC: 0, CUCC: 1, CTCC: 2 };
export const CAPABILITY_KEY: Readonly<Record<Capability, number>> = { login: 0, verify: 1 };
export const OUTCOME_KEY: Readonly<Record<VerifyOutcome, number>> = { match: 0, mismatch: 1, unknown: 2 };

const RECORD_ID = /^rec_([0-9a-f]{8})([0-9a-z]*)$/;
/** Two lowercase hex digits per character code below 128 (the record id's tail is [0-9a-z]). */
const BYTE_HEX = Array.from({ length: 128 }, (_, c) => c.toString(16).padStart(2, '0'));

// The shapes below are read by hand, character by character, not by regular expressions: these
// run for every record a sync stores (in its page worker), and a match with capture groups costs
// several times more. record-codec.test.ts checks each against the pattern it stands for.

/** Whether v is whole bytes of lowercase hex: /^(?:[0-9a-f]{2})+$/. */
function isHexBytes(v: string): boolean {
  const n = v.length;
  if (n === 0 || n % 2 !== 0) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

const digit = (v: string, i: number): number => {
  const d = v.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** An octet of a dotted IPv4 from i, as /25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d/ (no leading zero, ≤ 255): value * 4 + its length, or -1. */
function octet(v: string, i: number): number {
  const a = digit(v, i);
  if (a < 0) return -1;
  const b = digit(v, i + 1);
  if (b < 0 || a === 0) return a * 4 + 1;
  const c = digit(v, i + 2);
  if (c < 0) return (a * 10 + b) * 4 + 2;
  const x = a * 100 + b * 10 + c;
  return x <= 255 ? x * 4 + 3 : -1;
}

/** The bytes of a compact record_id blob as hex (4 bytes from its hex part, then its tail's latin1 bytes), or null when it is kept verbatim. */
export function recordIdBlobHex(v: string): string | null {
  if (!RECORD_ID.test(v)) return null;
  // The id's eight hex digits, then each later character's code as two hex digits (its latin1 byte):
  // built here rather than through a Buffer per record, as this runs for every record a sync stores.
  let hex = v.slice(4, 12);
  for (let i = 12; i < v.length; i++) hex += BYTE_HEX[v.charCodeAt(i)];
  return hex;
}

export function encodeRecordId(v: string): Buffer | string {
  const hex = recordIdBlobHex(v);
  return hex === null ? v : Buffer.from(hex, 'hex');
}

/** The hex whose bytes a trace id is stored as, or null when it is kept verbatim. */
export function traceBlobHex(v: string): string | null {
  return isHexBytes(v) ? v : null;
}

export function encodeHex(v: string): Buffer | string {
  return traceBlobHex(v) === null ? v : Buffer.from(v, 'hex');
}

/** The integer a masked phone is stored as, or null when it is kept verbatim (or is null). */
export function phoneNumber(v: string | null): number | null {
  // /^([1-9]\d{2})\*{4}(\d{4})$/ → the two digit groups as one integer.
  if (v === null || v.length !== 11) return null;
  let n = 0;
  for (let i = 0; i < 11; i++) {
    if (i >= 3 && i < 7) {
      if (v.charCodeAt(i) !== 42 /* * */) return null;
      continue;
    }
    const d = digit(v, i);
    if (d < 0 || (i === 0 && d === 0)) return null;
    n = n * 10 + d;
  }
  return n;
}

export function encodePhone(v: string | null): bigint | string | null {
  const n = phoneNumber(v);
  // A bigint binds as an integer; a number would be stored as an 8-byte real in a column without affinity.
  return n === null ? v : BigInt(n);
}

/** The integer a dotted IPv4 is stored as, or null when it is kept verbatim (or is null). */
export function ipNumber(v: string | null): number | null {
  if (v === null) return null;
  // Four octets joined by dots, nothing else (an octet that could read longer — "1.2.3.255x", "1.2.3.2555" — does not match).
  let n = 0;
  let i = 0;
  for (let k = 0; k < 4; k++) {
    if (k > 0) {
      if (v.charCodeAt(i) !== 46 /* . */) return null;
      i++;
    }
    const o = octet(v, i);
    if (o < 0) return null;
    n = n * 256 + (o >> 2);
    i += o & 3;
  }
  return i === v.length ? n - 2 ** 31 : null;
}

export function encodeIp(v: string | null): bigint | string | null {
  const n = ipNumber(v);
  return n === null ? v : BigInt(n);
}

/** The masked phone an integer stored by encodePhone stands for (the view's decoding, in memory). */
export function decodePhone(n: number): string {
  const s = String(n);
  return `${s.slice(0, 3)}****${s.slice(3)}`;
}

/** The dotted IPv4 an integer stored by encodeIp stands for (the view's decoding, in memory). */
export function decodeIp(n: number): string {
  const u = n + 2 ** 31;
  return `${Math.floor(u / 16_777_216) % 256}.${Math.floor(u / 65_536) % 256}.${Math.floor(u / 256) % 256}.${u % 256}`;
}

/** SQL decoding the stored record_id of a row aliased `r` (as the view does). */
export function recordIdSql(r = 'r'): string {
  return `CASE WHEN typeof(${r}.record_id) = 'blob' THEN 'rec_' || lower(hex(substr(${r}.record_id, 1, 4))) || CAST(substr(${r}.record_id, 5) AS TEXT) ELSE ${r}.record_id END`;
}

/** SQL decoding the stored trace_id of a row aliased `r` (as the view does). */
export function traceIdSql(r = 'r'): string {
  return `CASE WHEN typeof(${r}.trace_id) = 'blob' THEN lower(hex(${r}.trace_id)) ELSE ${r}.trace_id END`;
}

/** SQL for the operator key as its name. */
function caseOf(column: string, names: readonly string[]): string {
  return `CASE ${column} ${names.map((n, i) => `WHEN ${i} THEN '${n}'`).join(' ')} END`;
}
const ipPart = (col: string, shift: number): string => `(((${col} + 2147483648) >> ${shift}) & 255)`;

/**
 * How a stored description reads: `own-or-catalogue` (since workspace-0021) the record's own text or,
 * for CATALOGUE_DESCRIPTION, the catalogue text the store adopted for its (operator, code); `own`
 * the record's own text alone (the view workspace-0007 created, which the migrations between it and
 * workspace-0021 read through).
 */
export type DescriptionDecoding = 'own-or-catalogue' | 'own';

/**
 * The record's fields decoded from a row of auth_record_rows aliased `r` (dictionary joins aliased
 * a, rc, cc, d, ct as in recordJoins), under the column names of the original auth_records table.
 */
export function decodedColumns(r = 'r', decoding: DescriptionDecoding = 'own-or-catalogue'): string {
  return [
    `${r}.seq AS seq`,
    `${recordIdSql(r)} AS record_id`,
    'a.id AS id',
    `COALESCE(${r}.app_id, a.app_id) AS app_id`,
    `${caseOf(`${r}.capability`, ['login', 'verify'])} AS capability`,
    `${caseOf(`${r}.operator`, operators)} AS operator`,
    `${r}.request_ms AS request_ms`,
    'rc.text AS result_code',
    `${r}.success AS success`,
    `${caseOf(`${r}.outcome`, ['match', 'mismatch', 'unknown'])} AS outcome`,
    'cc.text AS carrier_code',
    decoding === 'own' ? 'd.text AS description' : 'COALESCE(d.text, ct.text) AS description',
    `CASE WHEN typeof(${r}.masked_phone) = 'integer' THEN substr(${r}.masked_phone, 1, 3) || '****' || substr(${r}.masked_phone, 4) ELSE ${r}.masked_phone END AS masked_phone`,
    `${r}.auth_type AS auth_type`,
    `CASE WHEN typeof(${r}.client_ip) = 'integer' THEN ${ipPart(`${r}.client_ip`, 24)} || '.' || ${ipPart(`${r}.client_ip`, 16)} || '.' || ${ipPart(`${r}.client_ip`, 8)} || '.' || ${ipPart(`${r}.client_ip`, 0)} ELSE ${r}.client_ip END AS client_ip`,
    `${traceIdSql(r)} AS trace_id`,
    `${billableSql(r)} AS billable`,
  ].join(',\n  ');
}

/** Billable per shared/platform/domain.ts isBillable: a successful login, a verify answered match or mismatch. */
export function billableSql(r = 'r'): string {
  return `CASE WHEN ${r}.capability = 0 THEN ${r}.success ELSE (${r}.outcome IS NOT NULL AND ${r}.outcome < 2) END`;
}

/** LEFT JOINs to unique keys: SQLite leaves out the ones a query does not read. */
export function recordJoins(r = 'r', decoding: DescriptionDecoding = 'own-or-catalogue'): string {
  return (
    `LEFT JOIN record_apps a ON a.app = ${r}.app ` +
    `LEFT JOIN record_codes rc ON rc.code = ${r}.result_code ` +
    `LEFT JOIN record_codes cc ON cc.code = ${r}.carrier_code ` +
    `LEFT JOIN record_descriptions d ON d.description = ${r}.description` +
    (decoding === 'own'
      ? ''
      : ` LEFT JOIN record_catalogue ct ON ${r}.description = ${CATALOGUE_DESCRIPTION} AND ct.operator = ${r}.operator` +
        ` AND ct.carrier = (${r}.carrier_code IS NOT NULL) AND ct.code = COALESCE(${r}.carrier_code, ${r}.result_code)`)
  );
}

/** Decoded single fields of an unaliased auth_record_rows row, for grouping raw counts like the rollups. */
export const RAW_FIELD_SQL = {
  id: '(SELECT id FROM record_apps WHERE record_apps.app = auth_record_rows.app)',
  operator: caseOf('auth_record_rows.operator', operators),
  capability: caseOf('auth_record_rows.capability', ['login', 'verify']),
  resultCode: '(SELECT text FROM record_codes WHERE record_codes.code = auth_record_rows.result_code)',
  carrierCode: "COALESCE((SELECT text FROM record_codes WHERE record_codes.code = auth_record_rows.carrier_code), '')",
  billable: billableSql('auth_record_rows'),
} as const;

// The dictionaries' SQL lives in their repository; the codec only uses their keys.
export { CATALOGUE_DESCRIPTION, recordDictionaries, type RecordDictionaries } from './record-dictionaries-repo';

/** The compact row's columns, in the order compactRow returns them. */
export const COMPACT_COLUMNS = [
  'seq',
  'request_ms',
  'app',
  'operator',
  'capability',
  'success',
  'outcome',
  'result_code',
  'carrier_code',
  'description',
  'app_id',
  'record_id',
  'masked_phone',
  'auth_type',
  'client_ip',
  'trace_id',
] as const;

/** A canonical record (content-digest.ts) with its enumerations typed: what the store writes. */
export interface RecordFields extends CanonicalRecord {
  capability: Capability;
  operator: Operator;
  outcome: VerifyOutcome | null;
}

export function compactRow(r: RecordFields, dict: RecordDictionaries): unknown[] {
  const app = dict.app(r.id, r.appId);
  return [
    r.seq,
    r.requestMs,
    app.key,
    OPERATOR_KEY[r.operator],
    CAPABILITY_KEY[r.capability],
    r.success ? 1 : 0,
    r.outcome === null ? null : OUTCOME_KEY[r.outcome],
    dict.code(r.resultCode),
    r.carrierCode === null ? null : dict.code(r.carrierCode),
    dict.recordDescription(r),
    app.usual ? null : r.appId,
    encodeRecordId(r.recordId),
    encodePhone(r.maskedPhone),
    r.authType,
    encodeIp(r.clientIp),
    encodeHex(r.traceId),
  ];
}
