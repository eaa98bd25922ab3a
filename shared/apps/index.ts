/**
 * App rules shared by the renderer, the console's apps service and the platform emulator.
 *
 * Validation (pure, browser-safe):
 *   validateAppCreate(draft, { isNameTaken })      → { ok, value: AppCreateBody } | { ok: false, issues }
 *   validateAppPatch(target, patch, { isNameTaken }) → { ok, value: AppPatchBody } | { ok: false, issues }
 *   appCreateBodySchema(opts) / appPatchBodySchema(target, opts): the same as zod schemas
 *   nameKey(name): the key names are de-duplicated by (compare nameKey(a) === nameKey(b))
 *   issuesToFields(issues, 'zh-CN' | 'en-US') → { field: message } for VALIDATION_FAILED bodies
 * Status rules: allowedActions(status), allowedReviewActions(status), refuseAction(...), refuseReview(...)
 * Review age: workingMsBetween(from, to), isOverdue(since, now) (Mon–Fri Shanghai, no holidays)
 */
export * from './validation';
export * from './messages';
export * from './status-rules';
export * from './working-day';
export { parseRsaPublicKeyPem, RSA_MIN_BITS, RSA_MAX_BITS, type RsaKeyProblem, type RsaKeyInfo } from './pem';
export { ipEntryKind, ipEntryProblem, isIPv4, isIPv6, splitIpList, splitList, type IpEntryKind, type IpEntryProblem } from './ip';
export { logoProblem, LOGO_MAX_BYTES } from './logo';
export * from './checklist';
export * from './diff';
export * from './build-check';
