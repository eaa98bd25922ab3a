/**
 * Validation of app bodies for the emulated platform (platform-api §2.1): the request's shape first
 * (the API schemas, strict, so unknown fields are refused rather than silently dropped), then exactly
 * the console's rules — `shared/apps` validateAppCreate / validateAppPatch, one code for the form, the
 * console's service and this platform — with each field's message in English.
 *
 * Where the two used to differ, the shared rules (and their seeds) win: the whitelist is required
 * (seeds/002: 服务端 IP 白名单必填), RSA encryption needs a public key, names are at most 50 characters,
 * IPv6 zone ids are refused, a signature written with colons is accepted and stored as 32 upper-case hex,
 * and a whitelist entry listed twice is kept once.
 */
import * as z from 'zod';
import {
  issuesToFields,
  nameKey,
  validateAppCreate,
  validateAppPatch,
  type AppCreateBody,
  type AppPatchBody,
  type AppPatchTarget,
  type FieldIssue,
} from '../../shared/apps';
import { appCreateSchema, appPatchSchema } from '../../shared/platform/schemas';

export type FieldErrors = Record<string, string>;
export type Checked<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };

export type AppCreateInput = AppCreateBody;
export type AppPatchInput = AppPatchBody;

export { nameKey };

const strictCreate = z.strictObject(appCreateSchema.shape);

function zodFields(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(body)';
    out[key] ??= issue.message;
  }
  return out;
}

const fieldsOf = (issues: readonly FieldIssue[]): FieldErrors => issuesToFields(issues, 'en-US') as FieldErrors;

export function checkAppCreate(body: unknown): Checked<AppCreateInput> {
  const parsed = strictCreate.safeParse(body);
  if (!parsed.success) return { ok: false, fields: zodFields(parsed.error) };
  const r = validateAppCreate(parsed.data);
  return r.ok ? { ok: true, value: r.value } : { ok: false, fields: fieldsOf(r.issues) };
}

/** Checks a PATCH body against the app it modifies (origins only for H5; the RSA key while it signs with RSA). */
export function checkAppPatch(body: unknown, target: AppPatchTarget): Checked<AppPatchInput> {
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
  if (Object.keys(parsed.data).length === 0) return { ok: false, fields: { '(body)': 'nothing to modify' } };
  const r = validateAppPatch(target, parsed.data as Record<string, unknown>);
  return r.ok ? { ok: true, value: r.value } : { ok: false, fields: fieldsOf(r.issues) };
}
