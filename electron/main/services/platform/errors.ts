/**
 * What the console makes of a failed management call: transient failures the client retries
 * (a new nonce and timestamp each time), and final ones turned into ApiErrors that say which
 * key, which role, or how far the clocks are apart.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { platformErrorSchema, type PlatformErrorBody } from '../../../../shared/platform/schemas';
import type { Role } from '../../../../shared/platform/domain';
import { rolesAllowed, type PlatformOperation } from './roles';

export type TransientReason = 'timeout' | 'refused' | 'network' | 'truncated' | 'bad-signature' | 'bad-json' | 'server' | 'throttled' | 'nonce-replayed';

/** A failure worth another try. `final` is what the caller sees when the tries run out. */
export class TransientError extends Error {
  constructor(
    readonly reason: TransientReason,
    readonly final: ApiError,
  ) {
    super(final.message);
    this.name = 'TransientError';
  }
}

export interface FailureContext {
  method: string;
  path: string;
  accessKey: string;
  operation: PlatformOperation;
  /** Role of the key when known (from whoami), to name what is missing. */
  role: Role | null;
  /** Local clock when the request was signed, and the server's Date header if any. */
  sentAt: number;
  serverDate: number | null;
}

export function parseErrorBody(text: string): PlatformErrorBody | null {
  try {
    const parsed = platformErrorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function describeSkew(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return `${s} s ${ms > 0 ? 'behind' : 'ahead of'} the platform`;
}

/**
 * Turns a non-2xx response into an error: TransientError for what another try may fix,
 * ApiError for what it will not. `signed` is false when the response signature did not
 * verify: the platform cannot sign for a key it does not know, so a 401 may be unsigned;
 * either way the call has failed, and nothing from an unsigned body is trusted beyond its code.
 */
export function failureFromResponse(status: number, body: PlatformErrorBody | null, signed: boolean, c: FailureContext): Error {
  const code = body?.code ?? '';
  const where = `${c.method} ${c.path}`;
  const platformSays = body ? `${body.message}${body.requestId ? ` (request ${body.requestId})` : ''}` : `HTTP ${status}`;
  const unsignedNote = signed ? '' : ' [response not signed by the platform]';

  if (status >= 500 || status === 408) {
    return new TransientError('server', new ApiError('PLATFORM_ERROR', `platform failed on ${where}: ${platformSays}`, { detail: { status, code } }));
  }
  if (status === 429) {
    return new TransientError('throttled', new ApiError('PLATFORM_ERROR', `platform is throttling ${where}: ${platformSays}`, { detail: { status, code } }));
  }
  if (status === 401) {
    switch (code) {
      case 'NONCE_REPLAYED':
        // Our nonce is random per try, so this is a collision or a replaying middlebox: try again.
        return new TransientError('nonce-replayed', new ApiError('UNAUTHORIZED', `platform saw the nonce of ${where} twice`, { detail: { status, code } }));
      case 'TIMESTAMP_EXPIRED': {
        const skewMs = c.serverDate === null ? null : c.serverDate - c.sentAt;
        const how = skewMs === null ? 'by more than 300 s' : describeSkew(skewMs);
        return new ApiError('CLOCK_SKEW', `this computer's clock is ${how}; the platform accepts at most 300 s — correct the system time`, {
          detail: { skewMs, accessKey: c.accessKey },
        });
      }
      // A refused key cannot come with a signature we can check (our secret is the wrong one, or
      // the platform has none for the key): the code is read but the answer is a failure anyway.
      case 'ACCESS_KEY_INVALID':
        return new ApiError('UNAUTHORIZED', `the platform does not know access key ${c.accessKey}`, { detail: { code, accessKey: c.accessKey } });
      case 'SIGNATURE_INVALID':
        return new ApiError('UNAUTHORIZED', `the secret key does not match access key ${c.accessKey} (signature rejected)`, {
          detail: { code, accessKey: c.accessKey },
        });
      default:
        return new ApiError('UNAUTHORIZED', `access key ${c.accessKey} was refused on ${where}: ${platformSays}`, { detail: { code, accessKey: c.accessKey } });
    }
  }
  if (status === 403) {
    const needed = rolesAllowed[c.operation].filter((r) => r !== 'reviewer' || c.operation === 'apps.review');
    const has = c.role ? `role ${c.role}` : 'its role';
    return new ApiError('FORBIDDEN', `access key ${c.accessKey} (${has}) may not call ${where}; it needs role ${needed.join(' or ')}${unsignedNote}`, {
      detail: { code, accessKey: c.accessKey, role: c.role, requiredRoles: needed },
    });
  }
  if (status === 422 || code === 'VALIDATION_FAILED') {
    return new ApiError('VALIDATION_FAILED', body?.message ?? 'the platform refused the input', body?.fields ? { fields: body.fields } : {});
  }
  if (code === 'APP_NAME_TAKEN' || code === 'APP_IN_REVIEW') {
    return new ApiError(code, body?.message ?? code, body?.fields ? { fields: body.fields } : {});
  }
  if (status === 409) return new ApiError('CONFLICT', `${where}: ${platformSays}`, { detail: { code } });
  if (status === 404) return new ApiError('NOT_FOUND', `${where}: ${platformSays}`, { detail: { code } });
  return new ApiError('PLATFORM_ERROR', `platform refused ${where}: ${platformSays}${unsignedNote}`, { detail: { status, code } });
}
