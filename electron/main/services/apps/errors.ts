/** The apps area's refusals as contract errors, with Chinese or English messages. */
import { ApiError } from '../../../../shared/contract/errors';
import { issuesToFields, type AppLocale } from '../../../../shared/apps/messages';
import { refusalMessages, type Refusal } from '../../../../shared/apps/status-rules';
import type { FieldIssue } from '../../../../shared/apps/validation';

export function refusalError(r: Refusal, locale: AppLocale): ApiError {
  return new ApiError(r.code, refusalMessages[locale][r.reason], { detail: { reason: r.reason } });
}

/**
 * Field problems: APP_NAME_TAKEN when the name is the only problem (the platform's own code for
 * it), VALIDATION_FAILED otherwise; both carry `fields` (field → message) and the raw issues
 * so a client in the other language can render them itself.
 */
export function validationError(issues: readonly FieldIssue[], locale: AppLocale): ApiError {
  const fields = issuesToFields(issues, locale) as Record<string, string>;
  const onlyName = issues.length === 1 && issues[0]!.code === 'nameTaken';
  const summary = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return new ApiError(onlyName ? 'APP_NAME_TAKEN' : 'VALIDATION_FAILED', onlyName ? fields.name! : summary, {
    fields,
    detail: { issues: issues.map((i) => ({ ...i })) },
  });
}

const messages = {
  'zh-CN': {
    notFound: '找不到该应用',
    pendingChange: '该应用有尚未确认的变更，请等待同步确认或放弃该变更',
    confirmName: '请输入应用名称以确认删除',
    nothingChanged: '没有需要提交的修改',
  },
  'en-US': {
    notFound: 'No such app',
    pendingChange: 'A change to this app is still waiting for confirmation; wait for sync or discard it',
    confirmName: "Type the app's name to confirm the deletion",
    nothingChanged: 'Nothing to submit: no field was changed',
  },
} as const;

export function appsError(
  code: 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION_FAILED',
  key: keyof (typeof messages)['zh-CN'],
  locale: AppLocale,
  field?: string,
): ApiError {
  const message = messages[locale][key];
  return new ApiError(code, message, field ? { fields: { [field]: message } } : {});
}
