/**
 * Validation of app bodies (platform-api §2.1, seeds/000 §3.1.4, seeds/002 §6): shape first
 * (the shared zod schemas, made strict so unknown fields are refused rather than silently
 * dropped), then the business rules, each failure reported against its field.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { appCreateSchema, appPatchSchema } from '../../shared/platform/schemas';
import type { AppPlatform, Capability } from '../../shared/platform/domain';
import { whitelistEntryProblem, whitelistLength, WHITELIST_MAX_CHARS } from './ip-whitelist';

export type FieldErrors = Record<string, string>;
export type Checked<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };

export interface AppCreateInput {
  name: string;
  platform: AppPlatform;
  description: string;
  logo: string | null;
  packageName: string | null;
  packageSignature: string | null;
  bundleId: string | null;
  origins: string[];
  ipWhitelist: string[];
  encryption: 'RSA' | 'MD5';
  rsaPublicKey: string | null;
  capabilities: Capability[];
}

export interface AppPatchInput {
  name?: string;
  ipWhitelist?: string[];
  rsaPublicKey?: string | null;
  origins?: string[];
}

export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 500;
export const LOGO_MAX = 200_000;
export const ORIGINS_MAX = 20;

const strictCreate = z.strictObject(appCreateSchema.shape);
const PACKAGE_RE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const SIGNATURE_RE = /^[0-9A-Fa-f]{32}$/;
const BUNDLE_RE = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const LOGO_RE = /^(https?:\/\/\S+|data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+)$/;

function zodFields(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(body)';
    out[key] ??= issue.message;
  }
  return out;
}

/** The key the platform de-duplicates names by ("运营商会做去重"): trimmed, NFKC, case-folded. */
export function nameKey(name: string): string {
  return name.trim().normalize('NFKC').toLowerCase();
}

function checkName(name: string, fields: FieldErrors): void {
  const t = name.trim();
  if (t === '') fields.name = 'must not be empty';
  else if (t.length > NAME_MAX) fields.name = `must be at most ${NAME_MAX} characters`;
  else if (t !== name) fields.name = 'must not start or end with spaces';
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(name)) fields.name = 'must not contain control characters';
}

function checkWhitelist(entries: readonly string[], fields: FieldErrors): void {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const problem = whitelistEntryProblem(e);
    if (problem) fields[`ipWhitelist.${i}`] ??= problem;
    else if (seen.has(e)) fields[`ipWhitelist.${i}`] ??= `"${e}" is listed twice`;
    seen.add(e);
  });
  if (whitelistLength(entries) > WHITELIST_MAX_CHARS) fields.ipWhitelist = `must be at most ${WHITELIST_MAX_CHARS} characters in total (entries joined by commas)`;
}

/** Problem with an RSA public key PEM, or null. Private keys are refused (never store one). */
export function rsaPublicKeyProblem(pem: string): string | null {
  if (!/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem) || /PRIVATE KEY/.test(pem)) return 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)';
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') return 'must be an RSA public key';
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 1024) return 'must be at least 1024 bits';
    return null;
  } catch {
    return 'does not parse as a PEM public key';
  }
}

function checkOrigins(origins: readonly string[], fields: FieldErrors): void {
  if (origins.length > ORIGINS_MAX) fields.origins = `at most ${ORIGINS_MAX} origins`;
  origins.forEach((o, i) => {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o.replace(/\/$/, '') && u.username === '' && u.password === '';
    } catch {
      ok = false;
    }
    if (!ok) fields[`origins.${i}`] ??= `"${o}" is not an http(s) origin (scheme://host[:port], no path)`;
  });
}

export function checkAppCreate(body: unknown): Checked<AppCreateInput> {
  const parsed = strictCreate.safeParse(body);
  if (!parsed.success) return { ok: false, fields: zodFields(parsed.error) };
  const v = parsed.data as AppCreateInput;
  const fields: FieldErrors = {};
  checkName(v.name, fields);
  if (v.description.length > DESCRIPTION_MAX) fields.description = `must be at most ${DESCRIPTION_MAX} characters`;
  if (v.logo !== null && (v.logo.length > LOGO_MAX || !LOGO_RE.test(v.logo))) fields.logo = 'must be an http(s) URL or a base64 data:image URI (≤ 200000 characters)';

  const notFor = (field: 'packageName' | 'packageSignature' | 'bundleId') => {
    if (v[field] !== null) fields[field] = `is not used for ${v.platform} apps`;
  };
  if (v.platform === 'android') {
    if (v.packageName === null || v.packageName === '') fields.packageName = 'is required for Android apps';
    else if (v.packageName.length > 255 || !PACKAGE_RE.test(v.packageName)) fields.packageName = 'must be an Android package name like com.example.app';
    if (v.packageSignature === null || v.packageSignature === '') fields.packageSignature = 'is required for Android apps';
    else if (v.packageSignature.includes(':')) fields.packageSignature = 'must be the MD5 signature without colons (32 hex characters)';
    else if (!SIGNATURE_RE.test(v.packageSignature)) fields.packageSignature = 'must be 32 hex characters (the MD5 of the signing certificate)';
    notFor('bundleId');
  } else if (v.platform === 'ios') {
    if (v.bundleId === null || v.bundleId === '') fields.bundleId = 'is required for iOS apps';
    else if (v.bundleId.length > 155 || !BUNDLE_RE.test(v.bundleId)) fields.bundleId = 'must be a bundle id like com.example.app';
    notFor('packageName');
    notFor('packageSignature');
  } else {
    notFor('packageName');
    notFor('packageSignature');
    notFor('bundleId');
  }
  if (v.platform === 'h5') {
    if (v.origins.length === 0) fields.origins = 'at least one origin is required for H5 apps';
    else checkOrigins(v.origins, fields);
  } else if (v.origins.length > 0) fields.origins = `is not used for ${v.platform} apps`;

  checkWhitelist(v.ipWhitelist, fields);
  if (v.rsaPublicKey !== null) {
    const p = rsaPublicKeyProblem(v.rsaPublicKey);
    if (p) fields.rsaPublicKey = p;
  }
  if (new Set(v.capabilities).size !== v.capabilities.length) fields.capabilities = 'must not repeat a capability';
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, value: v };
}

/** Checks a PATCH body against the app's platform (origins only for H5). */
export function checkAppPatch(body: unknown, platform: AppPlatform): Checked<AppPatchInput> {
  const parsed = appPatchSchema.safeParse(body);
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    // A field outside the modifiable set: say so in its own name, not as an anonymous body error.
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        delete fields['(body)'];
        for (const k of issue.keys) fields[k] = 'cannot be modified (modifiable: name, ipWhitelist, rsaPublicKey; origins for H5)';
      }
    }
    return { ok: false, fields };
  }
  const v = parsed.data;
  const fields: FieldErrors = {};
  if (Object.keys(v).length === 0) return { ok: false, fields: { '(body)': 'nothing to modify' } };
  if (v.name !== undefined) checkName(v.name, fields);
  if (v.ipWhitelist !== undefined) checkWhitelist(v.ipWhitelist, fields);
  if (v.rsaPublicKey !== undefined && v.rsaPublicKey !== null) {
    const p = rsaPublicKeyProblem(v.rsaPublicKey);
    if (p) fields.rsaPublicKey = p;
  }
  if (v.origins !== undefined) {
    if (platform !== 'h5') fields.origins = `cannot be modified on ${platform} apps (H5 only)`;
    else if (v.origins.length === 0) fields.origins = 'at least one origin is required for H5 apps';
    else checkOrigins(v.origins, fields);
  }
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, value: v };
}
