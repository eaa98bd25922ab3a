// Contract entries for the 'toolkit' area: the integration toolkit for admins (issue 17).
import * as z from 'zod';
import { defineCall } from './define';
import { codeEntrySchema } from './codes';
import { recordAppSchema } from './records';
import { diffedFields } from '../apps/diff';
import { capabilities, operators } from '../platform/domain';
import { triageCauses } from '../triage/types';

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
 * and base64 grows by a third. Bigger builds go through `POST /uploads` (streamed to disk) and are
 * inspected by upload id, or are read by path (`onetap inspect FILE` streams any size).
 */
export const BUILD_CONTENT_MAX_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/**
 * Signing schemes the debugger explains: the carrier gateway's two, our platform API's request signature
 * (`platform`) and response signature (`platform-response`), and Alibaba Cloud's ACS3-HMAC-SHA256. The
 * response side is a scheme of its own, not a direction flag: it signs other inputs (status, the request's
 * nonce, the body) and the other schemes have no signed response.
 */
export const signSchemes = ['login-token-validate', 'token-validate', 'platform', 'platform-response', 'acs3'] as const;
export type SignScheme = (typeof signSchemes)[number];

/**
 * One input found wrong: `case` (hex in the wrong case), `whitespace` (a trailing newline or space in a value
 * or the key), `field-order` (the right inputs concatenated in another order), `timestamp-window` (outside
 * the accepted window), `missing` (a required input absent), `format` (malformed), `phone-hash` (phoneNum is
 * not SHA-256(phone + appKey + timestamp)), `changed` (the signed data was changed after signing: a body
 * re-formatted or cut), `mismatch` (no single change explains it: the key or a value).
 */
export const signProblems = ['case', 'whitespace', 'field-order', 'timestamp-window', 'missing', 'format', 'phone-hash', 'changed', 'mismatch'] as const;
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
    /**
     * The text as pasted: a request (JSON body or curl command), or for `platform-response` the response
     * (curl -i / curl -v output, header lines and body, or `{ status, headers, body }`).
     */
    request: z
      .string()
      .min(1)
      .max(1024 * 1024),
    /** appKey (gateway MD5 / HMAC), the app's RSA public key PEM (gateway RSA), the secret key (platform), or the AccessKey secret (acs3). */
    key: z
      .string()
      .min(1)
      .max(16 * 1024),
    /** tokenValidate: the phone number, to check phoneNum's hash too (never stored or logged). */
    phone: z
      .string()
      .regex(/^\d{11}$/)
      .optional(),
    /** platform-response: the X-Nonce of the request the response answers (else read from a curl -v trace). */
    nonce: z.string().min(1).max(128).optional(),
  })
  .strict();

/** Calls "send to the demo" can replay: the two gateway calls and a management API request. */
export const demoReplaySchemes = ['login-token-validate', 'token-validate', 'platform'] as const;
export type DemoReplayScheme = (typeof demoReplaySchemes)[number];

/**
 * `toolkit.sendToDemo`: replays a pasted call against the demo workspace's own emulator on loopback. It
 * takes no address on purpose: the main process finds the demo's, so the debugger cannot be pointed at
 * another host. The path is the scheme's gateway endpoint (a curl command's URL is ignored), or for
 * `platform` the curl command's /v1/ path and query.
 */
export const sendToDemoInputSchema = z
  .object({
    scheme: z.enum(demoReplaySchemes),
    request: z
      .string()
      .min(1)
      .max(1024 * 1024),
  })
  .strict();

export const demoReplaySchema = z.object({
  method: z.string(),
  /** Path and query the call went to on the demo (never a host). */
  path: z.string(),
  status: z.number().int(),
  /** The answer's body as text (cut at DEMO_REPLAY_BODY_MAX characters). */
  body: z.string(),
  truncated: z.boolean(),
  /** The gateway's return code (loginTokenValidate `resultcode`, tokenValidate `header.resultCode`) or the platform error `code`. */
  resultCode: z.string().nullable(),
  /** The return code in the seeds' catalogue (its meaning in Chinese and English), when the catalogue has it. */
  entry: codeEntrySchema.nullable(),
});
export type DemoReplay = z.output<typeof demoReplaySchema>;
export const DEMO_REPLAY_BODY_MAX = 64 * 1024;

const ms = z.number().int();

/** `triage.explain` (and `onetap triage CODE [--app ID] --json`). */
export const triageExplainInputSchema = z
  .object({
    /** A failure code (platform or carrier); with `seq`, the record's own codes are used. */
    code: z.string().trim().min(1).max(32).optional(),
    /** A failed auth record: its codes, operator and app. */
    seq: z.number().int().positive().optional(),
    /** App: internal id or issued appId. */
    app: z.string().trim().min(1).max(128).optional(),
    operator: z.enum(operators).optional(),
    /** End of the window looked at (ISO 8601 with offset); default now (a record: one hour after it). */
    to: z
      .string()
      .max(40)
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'ISO 8601 instant with offset')
      .optional(),
    /** Length of the window in days. */
    days: z.number().int().min(1).max(31).default(7),
  })
  .strict()
  .refine((v) => v.code !== undefined || v.seq !== undefined, { message: 'give a code or a record (seq)' });

export const triageChangeSchema = z.object({
  at: ms,
  /** Internal app id and name. */
  id: z.string(),
  name: z.string(),
  /** `version`: a version sync saw (field by field); `activity`: the platform's activity log. */
  source: z.enum(['version', 'activity']),
  fields: z.array(z.object({ field: z.enum(diffedFields), before: z.unknown(), after: z.unknown() })),
  detail: z.string().nullable(),
  /** A changed field is one the likely causes depend on (e.g. ipWhitelist for 103511). */
  related: z.boolean(),
  /** Hours from the change to the start of the failures (positive: the change came first). */
  hoursBefore: z.number(),
});
export type TriageChange = z.output<typeof triageChangeSchema>;

export const triageExplanationSchema = z.object({
  /** The codes looked at, most specific first (a record: its carrier code, then its platform code). */
  codes: z.array(z.object({ code: z.string(), operator: z.enum(operators).nullable(), entry: codeEntrySchema.nullable() })),
  causes: z.array(z.object({ cause: z.enum(triageCauses), checks: z.array(z.string()), codes: z.array(z.string()), sources: z.array(z.string()) })),
  record: z
    .object({
      seq: z.number().int(),
      requestMs: ms,
      operator: z.enum(operators),
      capability: z.enum(capabilities),
      resultCode: z.string(),
      carrierCode: z.string().nullable(),
    })
    .nullable(),
  app: recordAppSchema
    .extend({
      ipWhitelist: z.array(z.string()),
      encryption: z.enum(['RSA', 'MD5']),
      capabilities: z.array(z.enum(capabilities)),
      packageName: z.string().nullable(),
      packageSignature: z.string().nullable(),
      bundleId: z.string().nullable(),
    })
    .nullable(),
  window: z.object({ from: ms, to: ms }),
  /** Failures with the code (the app's, when one is given) per hour of the window. */
  hourly: z.array(z.object({ at: ms, failures: z.number().int().nonnegative() })),
  total: z.number().int().nonnegative(),
  surge: z
    .object({ start: ms, end: ms, failures: z.number().int().nonnegative(), peak: z.number().int().nonnegative(), baseline: z.number().nonnegative() })
    .nullable(),
  firstSeen: ms.nullable(),
  /** Apps with the most failures of the code in the window (only when no app was given). */
  topApps: z.array(z.object({ id: z.string(), name: z.string(), failures: z.number().int().nonnegative() })),
  /** App changes around the start of the failures, nearest first. */
  changes: z.array(triageChangeSchema),
});
export type TriageExplanation = z.output<typeof triageExplanationSchema>;

export const toolkitCalls = {
  'triage.explain': defineCall({
    summary: "Failure triage: a code's or a failed record's likely causes and what to check, the surge start, and the app's changes around it.",
    input: triageExplainInputSchema,
    output: triageExplanationSchema,
  }),
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
        /** Or (browser mode, any size) a file uploaded with `POST /uploads?role=file` (the id it answered); streamed to disk there. */
        upload: z
          .string()
          .regex(/^[A-Za-z0-9_-]{32}$/, 'an upload id')
          .optional(),
      })
      .strict()
      .refine((v) => [v.path, v.content, v.upload].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of path, content or upload' }),
    output: buildInspectionSchema,
  }),
  'toolkit.signExplain': defineCall({
    summary: 'Signature debugger: the canonical string, the expected and the given signature, and which input differs.',
    input: signExplainInputSchema,
    output: signExplanationSchema,
  }),
  'toolkit.sendToDemo': defineCall({
    summary:
      'Signature debugger\'s "send to the demo": replays a pasted gateway or platform call against the demo\'s loopback emulator and returns its answer.',
    input: sendToDemoInputSchema,
    output: demoReplaySchema,
  }),
};
