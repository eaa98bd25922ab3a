// Contract entries for the 'toolkit' area: the integration toolkit for admins (issue 17).
import { z } from 'zod';
import { defineCall } from './define';

export const signatureSchemes = ['v1', 'v2', 'v3'] as const;
export type SignatureScheme = (typeof signatureSchemes)[number];

/**
 * What an inspection adds beside the fields: `unsigned` (an APK with no signer), `rotated-key`
 * (v3 lineage: devices and the platform's SDK may see the original or the current certificate),
 * `aab-upload-key` (a bundle carries the upload key; the store re-signs with the app signing key).
 */
export const buildNotes = ['unsigned', 'rotated-key', 'aab-upload-key'] as const;
export type BuildNote = (typeof buildNotes)[number];

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));

export const buildSignerSchema = z.object({
  /** As the platform registers it: 32 lower-case hex, no colons. */
  md5: hex(32),
  sha1: hex(40),
  sha256: hex(64),
  subject: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  schemes: z.array(z.enum(signatureSchemes)),
});
export type BuildSigner = z.output<typeof buildSignerSchema>;

const lineageCertSchema = z.object({ md5: hex(32), sha1: hex(40), sha256: hex(64), subject: z.string() });

/** `onetap inspect --json`: the shape `{ kind, packageName?, bundleId?, signers }`, plus rotation and notes. */
export const buildInspectionSchema = z.object({
  kind: z.enum(['apk', 'aab', 'ipa']),
  packageName: z.string().optional(),
  bundleId: z.string().optional(),
  signers: z.array(buildSignerSchema),
  /** v3 key rotation: the lineage oldest first; `original` is what PackageManager's GET_SIGNATURES reports. */
  rotation: z.object({ lineage: z.array(lineageCertSchema), original: hex(32), current: hex(32) }).optional(),
  notes: z.array(z.enum(buildNotes)),
});
export type BuildInspection = z.output<typeof buildInspectionSchema>;

/**
 * Largest file the renderer may hand over as bytes: the browser host takes request bodies up to 8 MiB,
 * and base64 grows by a third. Bigger builds are read by path (`onetap inspect FILE` streams any size).
 */
export const BUILD_CONTENT_MAX_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/** Signing schemes the debugger explains: the carrier gateway's two, and our platform API's request signature. */
export const signSchemes = ['login-token-validate', 'token-validate', 'platform'] as const;
export type SignScheme = (typeof signSchemes)[number];

/**
 * One input found wrong: `case` (hex in the wrong case), `whitespace` (a trailing newline or space in a value
 * or the key), `field-order` (the right inputs concatenated in another order), `timestamp-window` (outside
 * the accepted window), `missing` (a required input absent), `format` (malformed), `phone-hash` (phoneNum is
 * not SHA-256(phone + appKey + timestamp)), `mismatch` (no single change explains it: the key or a value).
 */
export const signProblems = ['case', 'whitespace', 'field-order', 'timestamp-window', 'missing', 'format', 'phone-hash', 'mismatch'] as const;
export type SignProblem = (typeof signProblems)[number];

export const signDifferenceSchema = z.object({ field: z.string(), problem: z.enum(signProblems), detail: z.string() });
export type SignDifference = z.output<typeof signDifferenceSchema>;

/** `onetap sign explain --json`: `{ ok, canonical, expected, given, differs }`. */
export const signExplanationSchema = z.object({
  ok: z.boolean(),
  canonical: z.string(),
  expected: z.string(),
  given: z.string(),
  differs: z.array(signDifferenceSchema),
});
export type SignExplanation = z.output<typeof signExplanationSchema>;

export const signExplainInputSchema = z
  .object({
    scheme: z.enum(signSchemes),
    /** The request as pasted: a JSON body or a curl command. */
    request: z
      .string()
      .min(1)
      .max(1024 * 1024),
    /** appKey (gateway MD5 / HMAC), the app's RSA public key PEM (gateway RSA), or the secret key (platform). */
    key: z
      .string()
      .min(1)
      .max(16 * 1024),
    /** tokenValidate: the phone number, to check phoneNum's hash too (never stored or logged). */
    phone: z
      .string()
      .regex(/^\d{11}$/)
      .optional(),
  })
  .strict();

export const toolkitCalls = {
  'toolkit.inspect': defineCall({
    summary: 'Read a build file (APK, AAB or IPA): package name and signing certificates, or bundle id.',
    input: z
      .object({
        /** A path on this machine (Electron drop, CLI). */
        path: z.string().min(1).max(4096).optional(),
        /** The file's bytes, base64 (the renderer: a dropped file has no path there); see BUILD_CONTENT_MAX_BYTES. */
        content: z
          .string()
          .max(Math.ceil(BUILD_CONTENT_MAX_BYTES / 3) * 4)
          .optional(),
      })
      .strict()
      .refine((v) => (v.path === undefined) !== (v.content === undefined), { message: 'give exactly one of path or content' }),
    output: buildInspectionSchema,
  }),
  'toolkit.signExplain': defineCall({
    summary: 'Signature debugger: the canonical string, the expected and the given signature, and which input differs.',
    input: signExplainInputSchema,
    output: signExplanationSchema,
  }),
};
