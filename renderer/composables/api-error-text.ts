/** Turns whatever a call threw into words for the user, by the contract's error code. */
import { useI18n } from 'vue-i18n';
import { errorStatus, type ApiErrorCode } from '../../shared/contract/errors';

export type ErrorCodeOrUnknown = ApiErrorCode | 'UNKNOWN';

/** The ApiError code, also for errors that crossed a boundary and lost their class. */
export function errorCode(e: unknown): ErrorCodeOrUnknown {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string' && code in errorStatus) return code as ApiErrorCode;
  }
  return 'UNKNOWN';
}

/** The technical message the main process gave (shown smaller, under the sentence). */
export function errorDetail(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  return '';
}

export function errorFields(e: unknown): Record<string, string> {
  if (typeof e === 'object' && e !== null && 'fields' in e) {
    const f = (e as { fields: unknown }).fields;
    if (typeof f === 'object' && f !== null) return f as Record<string, string>;
  }
  return {};
}

/** `const errorText = useErrorText(); message.error(errorText(e))` */
export function useErrorText(): (e: unknown) => string {
  const { t } = useI18n();
  return (e) => t(`common.errors.${errorCode(e)}`);
}
