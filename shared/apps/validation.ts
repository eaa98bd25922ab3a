/**
 * THE app validation schema (seeds/000 §3.1.4 and §3.2.3, seeds/002 "能力申请" Q&A,
 * platform-api §2.1), shared by the create/modify form, the console's apps service and the
 * platform emulator, so a draft the form accepts is exactly a draft the service and the
 * platform accept. Pure: no Node-only imports (the renderer runs it in the browser).
 *
 * Results are field issues with a code and params; `./messages` turns them into Chinese or
 * English text. Values come back normalised (trimmed, signature upper-case without colons,
 * origins canonical, lists de-duplicated), which is what gets sent and stored.
 */
import * as z from 'zod';
import { appPlatforms, capabilities, type AppPlatform, type Capability } from '../platform/domain';
import { ipEntryKind, ipEntryProblem, splitIpList, type IpEntryProblem } from './ip';
import { LOGO_MAX_BYTES, logoProblem } from './logo';
import { parseRsaPublicKeyPem, type RsaKeyProblem } from './pem';

export const APP_NAME_MAX = 50;
export const DESCRIPTION_MAX = 500;
export const PACKAGE_NAME_MAX = 255;
/** Apple's limit for a bundle identifier. */
export const BUNDLE_ID_MAX = 155;
export const ORIGINS_MAX = 20;
export const ORIGIN_MAX = 255;
/** seeds/002: the whitelist holds at most 4000 characters, counted as entered: entries joined by ",". */
export const IP_WHITELIST_MAX_CHARS = 4000;

export const appFields = [
  'name',
  'type',
  'platform',
  'logo',
  'description',
  'packageName',
  'packageSignature',
  'bundleId',
  'origins',
  'encryption',
  'ipWhitelist',
  'rsaPublicKey',
  'capabilities',
] as const;
export type AppField = (typeof appFields)[number];

/** 创建类型: the seeds' form has "APP"; H5 apps are their own type. Derived from the platform, never stored. */
export const appTypes = ['APP', 'H5'] as const;
export type AppType = (typeof appTypes)[number];
export function appTypeOf(platform: AppPlatform): AppType {
  return platform === 'h5' ? 'H5' : 'APP';
}
export function platformsOfType(type: AppType): AppPlatform[] {
  return type === 'H5' ? ['h5'] : ['android', 'ios'];
}

export const encryptions = ['RSA', 'MD5'] as const;
export type Encryption = (typeof encryptions)[number];

/** Fields a modify may change (seeds/000 §3.2.3): the same for every status that allows modify. */
export function modifiableFields(platform: AppPlatform): readonly ModifiableField[] {
  return platform === 'h5' ? ['name', 'ipWhitelist', 'rsaPublicKey', 'origins'] : ['name', 'ipWhitelist', 'rsaPublicKey'];
}
export type ModifiableField = 'name' | 'ipWhitelist' | 'rsaPublicKey' | 'origins';

/** Fields that only one platform has; on other platforms they must be absent (null / empty). */
const platformOnly: Record<'packageName' | 'packageSignature' | 'bundleId' | 'origins', AppPlatform> = {
  packageName: 'android',
  packageSignature: 'android',
  bundleId: 'ios',
  origins: 'h5',
};

export type IssueCode =
  | 'required'
  | 'tooLong'
  | 'invalidChars'
  | 'nameTaken'
  | 'typeMismatch'
  | 'notApplicable'
  | 'notModifiable'
  | 'packageName'
  | 'packageSignature'
  | 'bundleId'
  | 'origin'
  | 'originsMax'
  | 'ipEntry'
  | 'ipWildcard'
  | 'ipMask'
  | 'ipPort'
  | 'ipZone'
  | 'ipPrefix'
  | 'ipRange'
  | 'ipLeadingZero'
  | 'ipTotal'
  | 'rsaRequired'
  | 'rsaNotPem'
  | 'rsaBadKey'
  | 'rsaNotRsa'
  | 'rsaTooShort'
  | 'rsaTooLong'
  | 'rsaBadExponent'
  | 'logoFormat'
  | 'logoType'
  | 'logoSize'
  | 'capabilities';

export interface FieldIssue {
  field: AppField;
  code: IssueCode;
  /** Interpolated into the message: {max}, {entry}, {length} … */
  params?: Record<string, string | number>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** What the create form / `apps.create` / POST /v1/apps carry before validation: loose on purpose. */
export const appDraftSchema = z.object({
  name: z.string().max(10_000).default(''),
  type: z.enum(appTypes).optional(),
  platform: z.enum(appPlatforms),
  description: z.string().max(100_000).default(''),
  logo: z.string().max(2_000_000).nullable().default(null),
  packageName: z.string().max(10_000).nullable().default(null),
  packageSignature: z.string().max(10_000).nullable().default(null),
  bundleId: z.string().max(10_000).nullable().default(null),
  origins: z.array(z.string().max(10_000)).max(1000).default([]),
  ipWhitelist: z.array(z.string().max(10_000)).max(10_000).default([]),
  encryption: z.enum(encryptions).default('RSA'),
  rsaPublicKey: z.string().max(100_000).nullable().default(null),
  capabilities: z.array(z.enum(capabilities)).max(10).default(['login']),
});
export type AppDraftInput = z.input<typeof appDraftSchema>;
export type AppDraft = z.output<typeof appDraftSchema>;

/** The normalised create body: exactly platform-api's `POST /v1/apps` body. */
export interface AppCreateBody {
  name: string;
  platform: AppPlatform;
  description: string;
  logo: string | null;
  packageName: string | null;
  packageSignature: string | null;
  bundleId: string | null;
  origins: string[];
  ipWhitelist: string[];
  encryption: Encryption;
  rsaPublicKey: string | null;
  capabilities: Capability[];
}

/** What a modify carries: the modifiable fields only (platform-api `PATCH /v1/apps/{id}`). */
export const appPatchDraftSchema = z
  .object({
    name: z.string().max(10_000),
    ipWhitelist: z.array(z.string().max(10_000)).max(10_000),
    rsaPublicKey: z.string().max(100_000).nullable(),
    origins: z.array(z.string().max(10_000)).max(1000),
  })
  .partial();
export type AppPatchDraft = z.output<typeof appPatchDraftSchema>;
export type AppPatchBody = AppPatchDraft;

/** The facts of the existing app a modify is checked against. */
export interface AppPatchTarget {
  platform: AppPlatform;
  encryption: Encryption;
  name: string;
  rsaPublicKey: string | null;
}

export interface ValidationOptions {
  /**
   * True when another live (not deleted) app already uses this name (compare with `nameKey`).
   * Left out, uniqueness is not checked (the form checks it on the service; the service and the
   * platform always pass it).
   */
  isNameTaken?: (name: string) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Field checks: each returns a normalised value or an issue, and is exported for live form rules.

type Check<T> = { value: T } | { issue: Omit<FieldIssue, 'field'> };
const bad = (code: IssueCode, params?: FieldIssue['params']): { issue: Omit<FieldIssue, 'field'> } => ({
  issue: params ? { code, params } : { code },
});

/**
 * The key names are compared by ("the carrier de-duplicates names", seeds/000 §3.1.4): full-width
 * and half-width forms, letter case and surrounding blanks do not make a different name.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

// Control characters and line breaks have no place in a name shown in lists and on the authorization page.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

export function checkName(raw: string, opts: ValidationOptions = {}): Check<string> {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) return bad('required');
  if ([...name].length > APP_NAME_MAX) return bad('tooLong', { max: APP_NAME_MAX });
  if (CONTROL_RE.test(raw)) return bad('invalidChars');
  if (opts.isNameTaken?.(name)) return bad('nameTaken');
  return { value: name };
}

export function checkDescription(raw: string): Check<string> {
  const d = raw.trim();
  if ([...d].length > DESCRIPTION_MAX) return bad('tooLong', { max: DESCRIPTION_MAX });
  return { value: d };
}

/**
 * Java/Android application id: two or more dot-separated segments, each starting with a letter,
 * then letters, digits or underscores (what the Android build tools accept).
 */
const PACKAGE_RE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
export function checkPackageName(raw: string | null): Check<string> {
  const p = (raw ?? '').trim();
  if (!p) return bad('required');
  if (p.length > PACKAGE_NAME_MAX) return bad('tooLong', { max: PACKAGE_NAME_MAX });
  if (!PACKAGE_RE.test(p)) return bad('packageName');
  return { value: p };
}

/**
 * Android signature (seeds/000 §3.1.4): the MD5 of the signing certificate as 32 hex characters
 * without colons. keytool prints it upper-case with colons ("AB:CD:…"), other tools lower-case
 * without; both are accepted and stored as 32 upper-case hex characters.
 */
export function normalizePackageSignature(raw: string): string | null {
  const s = raw.trim().replace(/\s+/g, '');
  if (/^[0-9A-Fa-f]{32}$/.test(s)) return s.toUpperCase();
  if (/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){15}$/.test(s)) return s.replace(/:/g, '').toUpperCase();
  return null;
}
export function checkPackageSignature(raw: string | null): Check<string> {
  if (!(raw ?? '').trim()) return bad('required');
  const s = normalizePackageSignature(raw!);
  return s ? { value: s } : bad('packageSignature');
}

/** iOS bundle id: reverse-DNS, letters, digits, hyphens and periods, at least two segments. */
const BUNDLE_RE = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
export function checkBundleId(raw: string | null): Check<string> {
  const b = (raw ?? '').trim();
  if (!b) return bad('required');
  if (b.length > BUNDLE_ID_MAX) return bad('tooLong', { max: BUNDLE_ID_MAX });
  if (!BUNDLE_RE.test(b)) return bad('bundleId');
  return { value: b };
}

/**
 * An H5 request origin (请求来源): scheme, host and optional port, nothing else. Returned in
 * the browser's canonical form (lower-case host, default port dropped, no trailing slash), which
 * is what an Origin header carries and what the platform compares.
 */
export function normalizeOrigin(raw: string): string | null {
  const s = raw.trim().replace(/\/$/, '');
  if (!/^https?:\/\/[^/?#\s]+$/i.test(s) || s.length > ORIGIN_MAX) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || !u.hostname) return null;
  return u.origin;
}
export function checkOrigins(list: readonly string[]): Check<string[]> {
  const entries = list.map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return bad('required');
  const out: string[] = [];
  for (const e of entries) {
    const o = normalizeOrigin(e);
    if (!o) return bad('origin', { entry: e.slice(0, 80) });
    if (!out.includes(o)) out.push(o);
  }
  if (out.length > ORIGINS_MAX) return bad('originsMax', { max: ORIGINS_MAX });
  return { value: out };
}

const ipIssue: Record<IpEntryProblem, IssueCode> = {
  wildcard: 'ipWildcard',
  mask: 'ipMask',
  port: 'ipPort',
  zone: 'ipZone',
  prefix: 'ipPrefix',
  range: 'ipRange',
  leadingZero: 'ipLeadingZero',
  entry: 'ipEntry',
};

/**
 * Server exit IPs (seeds/002): IPv4, IPv6 and segments (CIDR or from-to, see ./ip.ts); at least one (the gateway refuses
 * every caller outside the list, so an empty list is an app that cannot work); ≤ 4000 characters.
 */
export function checkIpWhitelist(list: readonly string[]): Check<string[]> {
  const entries = list.flatMap((s) => splitIpList(s));
  if (entries.length === 0) return bad('required');
  const out: string[] = [];
  for (const e of entries) {
    const kind = ipEntryKind(e);
    if (!kind) return bad(ipIssue[ipEntryProblem(e) ?? 'entry'], { entry: e.slice(0, 80) });
    const v = kind.startsWith('ipv6') ? e.toLowerCase() : e;
    if (!out.includes(v)) out.push(v);
  }
  const length = out.join(',').length;
  if (length > IP_WHITELIST_MAX_CHARS) return bad('ipTotal', { max: IP_WHITELIST_MAX_CHARS, length });
  return { value: out };
}

const rsaIssue: Record<RsaKeyProblem, IssueCode> = {
  notPem: 'rsaNotPem',
  badBase64: 'rsaBadKey',
  badDer: 'rsaBadKey',
  notRsa: 'rsaNotRsa',
  tooShort: 'rsaTooShort',
  tooLong: 'rsaTooLong',
  badExponent: 'rsaBadExponent',
};
/** A PEM RSA public key that really parses (see ./pem); required when the app signs with RSA. */
export function checkRsaPublicKey(raw: string | null, encryption: Encryption): Check<string | null> {
  const k = (raw ?? '').trim();
  if (!k) return encryption === 'RSA' ? bad('rsaRequired') : { value: null };
  const r = parseRsaPublicKeyPem(k);
  if (!r.ok) return bad(rsaIssue[r.problem], r.problem === 'tooShort' || r.problem === 'tooLong' ? { min: 1024, max: 16384 } : undefined);
  return { value: k.replace(/\r\n/g, '\n') };
}

export function checkLogo(raw: string | null): Check<string | null> {
  if (raw === null || raw === '') return { value: null };
  const p = logoProblem(raw);
  return p ? bad(p, p === 'logoSize' ? { maxKb: LOGO_MAX_BYTES / 1024 } : undefined) : { value: raw };
}

export function checkCapabilities(list: readonly Capability[]): Check<Capability[]> {
  const out = capabilities.filter((c) => list.includes(c));
  return out.length === 0 ? bad('capabilities') : { value: out };
}

// ---------------------------------------------------------------------------------------------
// Whole drafts.

class IssueList {
  readonly issues: FieldIssue[] = [];
  take<T>(field: AppField, check: Check<T>): T | undefined {
    if ('issue' in check) {
      if (!this.issues.some((i) => i.field === field)) this.issues.push({ field, ...check.issue });
      return undefined;
    }
    return check.value;
  }
  add(field: AppField, code: IssueCode, params?: FieldIssue['params']): void {
    if (!this.issues.some((i) => i.field === field)) this.issues.push(params ? { field, code, params } : { field, code });
  }
}

function present(field: keyof typeof platformOnly, d: AppDraft): boolean {
  const v = d[field];
  return Array.isArray(v) ? v.some((s) => s.trim() !== '') : v !== null && v.trim() !== '';
}

/** Validates and normalises a create draft. Input that is not even draft-shaped throws a ZodError. */
export function validateAppCreate(input: AppDraftInput, opts: ValidationOptions = {}): Validated<AppCreateBody> {
  const d = appDraftSchema.parse(input);
  const L = new IssueList();
  if (d.type && appTypeOf(d.platform) !== d.type) L.add('type', 'typeMismatch');
  const name = L.take('name', checkName(d.name, opts));
  const description = L.take('description', checkDescription(d.description));
  const logo = L.take('logo', checkLogo(d.logo));
  for (const f of Object.keys(platformOnly) as (keyof typeof platformOnly)[]) {
    if (platformOnly[f] !== d.platform && present(f, d)) L.add(f, 'notApplicable', { platform: d.platform });
  }
  const packageName = d.platform === 'android' ? L.take('packageName', checkPackageName(d.packageName)) : null;
  const packageSignature = d.platform === 'android' ? L.take('packageSignature', checkPackageSignature(d.packageSignature)) : null;
  const bundleId = d.platform === 'ios' ? L.take('bundleId', checkBundleId(d.bundleId)) : null;
  const origins = d.platform === 'h5' ? L.take('origins', checkOrigins(d.origins)) : [];
  const ipWhitelist = L.take('ipWhitelist', checkIpWhitelist(d.ipWhitelist));
  const rsaPublicKey = L.take('rsaPublicKey', checkRsaPublicKey(d.rsaPublicKey, d.encryption));
  const caps = L.take('capabilities', checkCapabilities(d.capabilities));
  if (L.issues.length) return { ok: false, issues: L.issues };
  return {
    ok: true,
    value: {
      name: name!,
      platform: d.platform,
      description: description!,
      logo: logo ?? null,
      packageName: packageName ?? null,
      packageSignature: packageSignature ?? null,
      bundleId: bundleId ?? null,
      origins: origins ?? [],
      ipWhitelist: ipWhitelist!,
      encryption: d.encryption,
      rsaPublicKey: rsaPublicKey ?? null,
      capabilities: caps!,
    },
  };
}

/**
 * Validates a modify against the app it changes: only the platform's modifiable fields, name
 * uniqueness ignoring the app itself (the caller's `isNameTaken` must exclude it), and the RSA
 * key still required while the app signs with RSA. Unknown keys are reported as notModifiable.
 */
export function validateAppPatch(target: AppPatchTarget, input: Record<string, unknown>, opts: ValidationOptions = {}): Validated<AppPatchBody> {
  const L = new IssueList();
  const allowed = modifiableFields(target.platform) as readonly string[];
  for (const key of Object.keys(input)) {
    if (input[key] === undefined) continue;
    if (!allowed.includes(key)) L.add((appFields as readonly string[]).includes(key) ? (key as AppField) : 'name', 'notModifiable', { field: key });
  }
  if (L.issues.length) return { ok: false, issues: L.issues };
  const d = appPatchDraftSchema.parse(input);
  const out: AppPatchBody = {};
  if (d.name !== undefined) {
    const sameName = nameKey(d.name) === nameKey(target.name);
    const v = L.take('name', checkName(d.name, sameName ? {} : opts));
    if (v !== undefined) out.name = v;
  }
  if (d.ipWhitelist !== undefined) {
    const v = L.take('ipWhitelist', checkIpWhitelist(d.ipWhitelist));
    if (v !== undefined) out.ipWhitelist = v;
  }
  if (d.rsaPublicKey !== undefined) {
    const v = L.take('rsaPublicKey', checkRsaPublicKey(d.rsaPublicKey, target.encryption));
    if (v !== undefined) out.rsaPublicKey = v;
  }
  if (d.origins !== undefined) {
    const v = L.take('origins', checkOrigins(d.origins));
    if (v !== undefined) out.origins = v;
  }
  if (L.issues.length) return { ok: false, issues: L.issues };
  return { ok: true, value: out };
}

/** The fields a patch really changes compared with the app (so "save" without edits sends nothing). */
export function changedPatch(current: Record<ModifiableField, unknown>, patch: AppPatchBody): AppPatchBody {
  const out: AppPatchBody = {};
  for (const [k, v] of Object.entries(patch) as [ModifiableField, never][]) {
    if (JSON.stringify(current[k] ?? null) !== JSON.stringify(v ?? null)) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The same rules as zod schemas, for code that parses request bodies with zod (the emulator).
// Each zod issue is a 'custom' issue at the field's path with `params: { code, ...params }`.

function asZodIssues(ctx: z.RefinementCtx, issues: FieldIssue[]): void {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: [i.field], message: i.code, params: { code: i.code, ...i.params } });
}

/** zod schema of a create body: parses, validates and normalises (or fails with field issues). */
export function appCreateBodySchema(opts: ValidationOptions = {}): z.ZodType<AppCreateBody, AppDraftInput> {
  return appDraftSchema.transform((d, ctx) => {
    const r = validateAppCreate(d, opts);
    if (!r.ok) {
      asZodIssues(ctx, r.issues);
      return z.NEVER;
    }
    return r.value;
  });
}

/** zod schema of a modify body for a given app. */
export function appPatchBodySchema(target: AppPatchTarget, opts: ValidationOptions = {}): z.ZodType<AppPatchBody, Record<string, unknown>> {
  return z.record(z.string(), z.unknown()).transform((d, ctx) => {
    const r = validateAppPatch(target, d, opts);
    if (!r.ok) {
      asZodIssues(ctx, r.issues);
      return z.NEVER;
    }
    return r.value;
  });
}

/** Field issues back out of a ZodError raised by the two schemas above. */
export function fieldIssuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const field = (appFields as readonly unknown[]).includes(i.path[0]) ? (i.path[0] as AppField) : 'name';
    const params = (i as { params?: Record<string, string | number> }).params;
    if (params && typeof params.code === 'string') {
      const { code, ...rest } = params;
      return Object.keys(rest).length ? { field, code: code as IssueCode, params: rest } : { field, code: code as IssueCode };
    }
    return { field, code: 'required' as IssueCode };
  });
}
