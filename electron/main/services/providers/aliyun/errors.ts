/**
 * What an Alibaba Cloud error means to the person at the console. The SDK throws its own
 * error classes (ClientError / ServerError / ThrottlingError with `code`, `statusCode`,
 * `data` = the response envelope); they become ApiErrors with a message naming what to do and
 * `detail.provider` carrying Alibaba's Code and RequestId for a support ticket.
 */
import { ApiError } from '../../../../../shared/contract/errors';
import { TransientError } from '../../platform/errors';

interface SdkErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  requestId?: unknown;
  data?: unknown;
  accessDeniedDetail?: unknown;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' && v !== 'undefined' ? v : null;
}

/** The envelope's own message (the SDK prefixes "code: 400, … request id: …"). */
function providerMessage(e: SdkErrorLike): string {
  const data = e.data as { Message?: unknown } | undefined;
  return text(data?.Message) ?? text(e.message) ?? '';
}

function deniedAction(e: SdkErrorLike, action: string): string {
  const detail = (e.accessDeniedDetail ?? (e.data as { AccessDeniedDetail?: unknown } | undefined)?.AccessDeniedDetail) as { AuthAction?: unknown } | undefined;
  return text(detail?.AuthAction) ?? `dypns:${action}`;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/**
 * An SDK failure → ApiError, or TransientError for what deserves another try (throttling,
 * 5xx, network), whose `final` is shown when the tries run out.
 */
export function mapAliyunError(e: unknown, ctx: { action: string; accessKeyId: string; endpoint: string }): ApiError | TransientError {
  if (e instanceof ApiError) return e;
  const err = (e ?? {}) as SdkErrorLike & { name?: unknown };
  const code = text(err.code) ?? '';
  const status = typeof err.statusCode === 'number' ? err.statusCode : null;
  const requestId = text(err.requestId) ?? text((err.data as { RequestId?: unknown } | undefined)?.RequestId);
  const detail = { provider: 'aliyun-dypns', action: ctx.action, providerCode: code || null, requestId, httpStatus: status };
  const msg = providerMessage(err);

  if (code.startsWith('Throttling')) {
    return new TransientError(
      'throttled',
      new ApiError(
        'PLATFORM_ERROR',
        `Alibaba Cloud is throttling this key (${code}; the documented limit is 500 requests per second per user). Try again shortly.`,
        { detail },
      ),
    );
  }
  if (code === 'InvalidAccessKeyId.NotFound' || code === 'InvalidAccessKeyId' || code === 'InvalidAccessKeyId.Inactive') {
    return new ApiError(
      'UNAUTHORIZED',
      `Alibaba Cloud does not know the AccessKey ID ${ctx.accessKeyId} (or it is disabled): check the AccessKey ID of the RAM user.`,
      { detail, fields: { accessKey: 'unknown' } },
    );
  }
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') {
    return new ApiError(
      'UNAUTHORIZED',
      `Alibaba Cloud refused the signature (${code}): the AccessKey Secret does not belong to AccessKey ID ${ctx.accessKeyId}. Enter the secret again.`,
      {
        detail,
        fields: { secretKey: 'mismatch' },
      },
    );
  }
  if (code.startsWith('InvalidTimeStamp') || code === 'SignatureNonceUsed') {
    return new ApiError(
      'CLOCK_SKEW',
      `Alibaba Cloud refused the request time (${code}): this computer's clock must be within 15 minutes of the real time. ${msg}`.trim(),
      { detail },
    );
  }
  if (code === 'Forbidden.RAM' || code === 'NoPermission' || code.startsWith('Forbidden') || status === 403) {
    const action = deniedAction(err, ctx.action);
    return new ApiError(
      'FORBIDDEN',
      `The RAM user of AccessKey ID ${ctx.accessKeyId} lacks the permission ${action}: grant it in the RAM console (a policy allowing "${action}").`,
      {
        detail: { ...detail, missingPermission: action },
      },
    );
  }
  if (status !== null && status >= 500) {
    return new TransientError('server', new ApiError('PLATFORM_ERROR', `Alibaba Cloud answered ${status} (${code || 'no code'}): ${msg}`, { detail }));
  }
  const errno = text((err as { errno?: unknown; code?: unknown }).code);
  if (errno && NETWORK_CODES.has(errno)) {
    return new TransientError('network', new ApiError('PLATFORM_UNREACHABLE', `cannot reach ${ctx.endpoint} (${errno})`, { detail }));
  }
  if (status !== null) return new ApiError('PLATFORM_ERROR', `Alibaba Cloud refused ${ctx.action} (${code || status}): ${msg}`, { detail });
  return new ApiError('PLATFORM_UNREACHABLE', `cannot reach ${ctx.endpoint}: ${e instanceof Error ? e.message : String(e)}`, { detail });
}

/** A business error in a 200 envelope (Code other than OK). */
export function envelopeError(action: string, body: { code?: string; message?: string; requestId?: string }): ApiError {
  const notFound = /NOT_EXIST|NotFound|NOT_FOUND/i.test(body.code ?? '');
  return new ApiError(
    notFound ? 'NOT_FOUND' : 'PLATFORM_ERROR',
    `Alibaba Cloud ${action}: ${body.message ?? body.code ?? 'failed'} (${body.code ?? 'no code'})`,
    {
      detail: { provider: 'aliyun-dypns', action, providerCode: body.code ?? null, requestId: body.requestId ?? null },
    },
  );
}
