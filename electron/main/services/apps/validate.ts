/**
 * apps.validate: the pre-submission checklist without saving. A new draft is checked as a
 * create; a modify is checked as the whole app with the patch applied, so resubmitting a
 * rejected app runs the same checklist as a first submission.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { buildChecklist, checklistLabels, type AuthPageCheck } from '../../../../shared/apps/checklist';
import { formatIssue, issuesToFields, type AppLocale } from '../../../../shared/apps/messages';
import { validateAppCreate, validateAppPatch, type AppDraftInput, type AppPatchDraft, type FieldIssue } from '../../../../shared/apps/validation';
import type { Capability } from '../../../../shared/platform/domain';
import { appsQuery } from './apps-query';
import type { AppsEnv } from './env';
import { nameTakenCheck } from './name-check';

export interface ValidateInput {
  target: { draft: AppDraftInput } | { id: string; patch: AppPatchDraft };
  confirmations: Partial<Record<AuthPageCheck, boolean>>;
  loginButtonText?: string | undefined;
  locale: AppLocale;
}

export function validateForSubmission(env: AppsEnv, input: ValidateInput) {
  let issues: FieldIssue[];
  let platform: AppDraftInput['platform'];
  let caps: Capability[];
  if ('draft' in input.target) {
    const d = input.target.draft;
    const r = validateAppCreate(d, nameTakenCheck(env));
    issues = r.ok ? [] : r.issues;
    platform = d.platform;
    caps = d.capabilities ?? ['login'];
  } else {
    const app = appsQuery(env.db).resolve(input.target.id);
    if (!app) throw new ApiError('NOT_FOUND', `no app ${input.target.id}`);
    const opts = nameTakenCheck(env, app.data.id);
    const p = validateAppPatch(app.data, input.target.patch, opts);
    // The app as it would be after the modify, checked like a first submission (identity fields
    // cannot change, so they are checked as they are: an old app may predate today's rules).
    const merged = { ...app.data, ...(p.ok ? p.value : {}) };
    const whole = validateAppCreate({ ...merged, description: merged.description ?? '' }, { isNameTaken: () => false });
    issues = p.ok ? (whole.ok ? [] : whole.issues) : p.issues;
    platform = app.data.platform;
    caps = app.data.capabilities;
  }
  const { items, ready } = buildChecklist({
    platform,
    capabilities: caps,
    issues,
    confirmations: input.confirmations,
    loginButtonText: input.loginButtonText,
  });
  const labels = checklistLabels[input.locale];
  return {
    valid: issues.length === 0,
    ready,
    fields: issuesToFields(issues, input.locale) as Record<string, string>,
    issues: issues.map((i) => ({ ...i })),
    checklist: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      state: i.state,
      label: labels[i.id],
      message: i.issue ? formatIssue(i.issue, input.locale) : null,
    })),
  };
}
