/**
 * What may be done to an app in each status (seeds/000 §3.2.2–§3.2.4, platform-api §2.1–§2.2),
 * and by which role. The list view, the detail page, the apps service and the emulator all ask
 * this one module, so an action the UI offers is an action the service accepts and vice versa.
 */
import type { AppStatus, Role } from '../platform/domain';

export const appActions = ['view', 'modify', 'delete'] as const;
export type AppAction = (typeof appActions)[number];

export const reviewActions = ['start', 'approve', 'reject'] as const;
export type ReviewAction = (typeof reviewActions)[number];

const byStatus: Record<AppStatus, readonly AppAction[]> = {
  pending: ['view', 'modify', 'delete'],
  reviewing: ['view'],
  approved: ['view', 'modify', 'delete'],
  // A modify of a rejected app resubmits it (back to pending).
  rejected: ['view', 'modify', 'delete'],
  // Tombstones: gone for good (seeds/000 §4.5), nothing left to do.
  deleted: [],
};

/** Actions the status allows, regardless of role. */
export function allowedActions(status: AppStatus): readonly AppAction[] {
  return byStatus[status];
}

/** True when a modify in this status sends the app back to review. */
export function modifyResubmits(status: AppStatus): boolean {
  return status === 'rejected';
}

/** The review step each status accepts (pending → reviewing → approved | rejected). */
export function allowedReviewActions(status: AppStatus): readonly ReviewAction[] {
  if (status === 'pending') return ['start'];
  if (status === 'reviewing') return ['approve', 'reject'];
  return [];
}

/** Status an app moves to after a review action. */
export function statusAfterReview(action: ReviewAction): AppStatus {
  return action === 'start' ? 'reviewing' : action === 'approve' ? 'approved' : 'rejected';
}

/** Roles allowed to change apps (platform-api §1): admin changes, reviewer reviews, others read. */
export function roleCanManage(role: Role | null): boolean {
  // Role unknown (whoami not answered yet): offer the actions and let the platform decide.
  return role === 'admin' || role === null;
}
export function roleCanReview(role: Role | null): boolean {
  return role === 'reviewer';
}

export type Refusal = { code: 'APP_IN_REVIEW' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN' | 'VALIDATION_FAILED'; reason: RefusalReason };
export type RefusalReason = 'inReview' | 'deleted' | 'readOnlyRole' | 'notReviewer' | 'reviewOrder' | 'reasonRequired';

/** Why an app action is refused, or null when it is allowed. Role first: a read-only key may do nothing. */
export function refuseAction(status: AppStatus, action: AppAction, role: Role | null): Refusal | null {
  if (action !== 'view' && !roleCanManage(role)) return { code: 'FORBIDDEN', reason: 'readOnlyRole' };
  if (allowedActions(status).includes(action)) return null;
  if (status === 'deleted') return { code: 'NOT_FOUND', reason: 'deleted' };
  return { code: 'APP_IN_REVIEW', reason: 'inReview' };
}

/** Why a review action is refused, or null when allowed. */
export function refuseReview(status: AppStatus, action: ReviewAction, role: Role | null, reason?: string): Refusal | null {
  if (!roleCanReview(role)) return { code: 'FORBIDDEN', reason: 'notReviewer' };
  if (status === 'deleted') return { code: 'NOT_FOUND', reason: 'deleted' };
  if (!allowedReviewActions(status).includes(action)) return { code: 'CONFLICT', reason: 'reviewOrder' };
  if (action === 'reject' && !reason?.trim()) return { code: 'VALIDATION_FAILED', reason: 'reasonRequired' };
  return null;
}

export const refusalMessages: Record<'zh-CN' | 'en-US', Record<RefusalReason, string>> = {
  'zh-CN': {
    inReview: '应用审核中，仅支持查看',
    deleted: '应用已删除',
    readOnlyRole: '当前密钥为只读角色，不能修改应用',
    notReviewer: '只有审核员密钥可以执行审核操作',
    reviewOrder: '当前状态不支持该审核操作',
    reasonRequired: '驳回时必须填写原因',
  },
  'en-US': {
    inReview: 'The app is in review; it can only be viewed',
    deleted: 'The app has been deleted',
    readOnlyRole: 'This key has a read-only role and cannot change apps',
    notReviewer: 'Only a reviewer key can review apps',
    reviewOrder: 'This review action is not possible in the current status',
    reasonRequired: 'A reason is required to reject an app',
  },
};
