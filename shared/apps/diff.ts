/**
 * Field-by-field differences between two versions of an app, for the change history. Sync
 * bookkeeping (version, updatedAt) is not a change the admin made, so it is left out; the logo
 * is compared but reported without its bytes.
 */
export const diffedFields = [
  'name',
  'status',
  'appId',
  'rejectReason',
  'description',
  'logo',
  'packageName',
  'packageSignature',
  'bundleId',
  'origins',
  'ipWhitelist',
  'encryption',
  'rsaPublicKey',
  'capabilities',
] as const;
export type DiffedField = (typeof diffedFields)[number];

export interface FieldChange {
  field: DiffedField;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function diffAppVersions(before: Partial<Record<DiffedField, unknown>> | null, after: Partial<Record<DiffedField, unknown>>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of diffedFields) {
    const b = before ? (before[field] ?? null) : null;
    const a = after[field] ?? null;
    if (before && same(b, a)) continue;
    if (!before && (a === null || (Array.isArray(a) && a.length === 0) || a === '')) continue;
    out.push(field === 'logo' ? { field, before: b === null ? null : '(image)', after: a === null ? null : '(image)' } : { field, before: b, after: a });
  }
  return out;
}
