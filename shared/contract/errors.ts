/**
 * Error codes every door (IPC, HTTP, CLI) reports in the same shape:
 * `{ error: { code, message, fields? } }`. The HTTP status lives here so the
 * browser host and the CLI exit code are derived from one table.
 */
export const errorStatus = {
  UNKNOWN_CALL: 404,
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION_FAILED: 422,
  APP_NAME_TAKEN: 409,
  APP_IN_REVIEW: 409,
  CANCELLED: 499,
  PLATFORM_ERROR: 502,
  PLATFORM_UNREACHABLE: 503,
  CLOCK_SKEW: 502,
  PAYLOAD_TOO_LARGE: 413,
  /** A database written by a newer console: refused before it is touched. */
  SCHEMA_TOO_NEW: 409,
  UNSUPPORTED: 501,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof errorStatus;

/**
 * Only an Error's message survives Electron IPC and contextBridge, so a contract error crosses
 * them as `ONETAP_API_ERROR:<json body>`: the preload (electron/preload/wire.ts) writes it, the
 * renderer's electronApi reads it back. One definition so the two ends cannot drift.
 */
export const ELECTRON_ERROR_PREFIX = 'ONETAP_API_ERROR:';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Field-level messages for VALIDATION_FAILED (field name → message). */
  fields?: Record<string, string>;
  /** Extra machine-readable detail (e.g. clock skew in ms, missing role). */
  detail?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly fields?: Record<string, string>;
  readonly detail?: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, extra: { fields?: Record<string, string>; detail?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (extra.fields) this.fields = extra.fields;
    if (extra.detail) this.detail = extra.detail;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ApiErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    const code = body.code in errorStatus ? body.code : 'INTERNAL';
    return new ApiError(code, body.message, {
      ...(body.fields ? { fields: body.fields } : {}),
      ...(body.detail ? { detail: body.detail } : {}),
    });
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
