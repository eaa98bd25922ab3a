/**
 * Error codes of the emulated platform and their HTTP statuses (documented in emulator/API.md).
 * Bodies are `{ code, message, requestId, fields? }` (platformErrorSchema).
 */
export const platformErrorStatus = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  ACCESS_KEY_INVALID: 401,
  SIGNATURE_INVALID: 401,
  TIMESTAMP_EXPIRED: 401,
  NONCE_REPLAYED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  APP_NAME_TAKEN: 409,
  APP_IN_REVIEW: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  VALIDATION_FAILED: 422,
  /** Sandbox only: seed 002's token rule (≤ 30 unused tokens per number in 10 minutes). */
  '103911': 429,
  /** Sandbox only: seed 002 code 200080 — number verification is for China Mobile numbers only. */
  '200080': 422,
  INTERNAL_ERROR: 500,
} as const;

export type PlatformErrorCode = keyof typeof platformErrorStatus;

export class EmulatorError extends Error {
  readonly code: PlatformErrorCode;
  readonly fields?: Record<string, string>;

  constructor(code: PlatformErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'EmulatorError';
    this.code = code;
    if (fields) this.fields = fields;
  }

  get status(): number {
    return platformErrorStatus[this.code];
  }

  body(requestId: string): { code: string; message: string; requestId: string; fields?: Record<string, string> } {
    return { code: this.code, message: this.message, requestId, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export const validationFailed = (fields: Record<string, string>): EmulatorError =>
  new EmulatorError('VALIDATION_FAILED', `invalid fields: ${Object.keys(fields).join(', ')}`, fields);
