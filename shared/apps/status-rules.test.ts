import { describe, expect, it } from 'vitest';
import { appStatuses } from '../platform/domain';
import { allowedActions, allowedReviewActions, refuseAction, refuseReview } from './status-rules';
import { buildChecklist, loginButtonTextLanguage } from './checklist';
import { diffAppVersions } from './diff';

describe('status rules (seeds/000 §3.2)', () => {
  it('allow exactly the documented actions', () => {
    expect(Object.fromEntries(appStatuses.map((s) => [s, allowedActions(s).join()]))).toEqual({
      pending: 'view,modify,delete',
      reviewing: 'view',
      approved: 'view,modify,delete',
      rejected: 'view,modify,delete',
      deleted: '',
    });
    expect(Object.fromEntries(appStatuses.map((s) => [s, allowedReviewActions(s).join()]))).toEqual({
      pending: 'start',
      reviewing: 'approve,reject',
      approved: '',
      rejected: '',
      deleted: '',
    });
  });
  it('refuse with the right code, role first', () => {
    expect(refuseAction('reviewing', 'modify', 'admin')).toEqual({ code: 'APP_IN_REVIEW', reason: 'inReview' });
    expect(refuseAction('reviewing', 'view', 'auditor')).toBeNull();
    expect(refuseAction('approved', 'delete', 'finance')).toEqual({ code: 'FORBIDDEN', reason: 'readOnlyRole' });
    expect(refuseAction('deleted', 'delete', 'admin')).toEqual({ code: 'NOT_FOUND', reason: 'deleted' });
    expect(refuseAction('rejected', 'modify', 'admin')).toBeNull();
    expect(refuseReview('pending', 'start', 'admin')).toEqual({ code: 'FORBIDDEN', reason: 'notReviewer' });
    expect(refuseReview('pending', 'approve', 'reviewer')).toEqual({ code: 'CONFLICT', reason: 'reviewOrder' });
    expect(refuseReview('reviewing', 'reject', 'reviewer', ' ')).toEqual({ code: 'VALIDATION_FAILED', reason: 'reasonRequired' });
    expect(refuseReview('reviewing', 'reject', 'reviewer', 'bad signature')).toBeNull();
  });
});

describe('checklist', () => {
  it('needs every authorization-page item confirmed for login apps, and a 登录/注册 button text', () => {
    const all = { loginButtonText: true, carrierTerms: true, maskedNumber: true, notHidden: true };
    expect(buildChecklist({ platform: 'ios', capabilities: ['login'], issues: [], confirmations: {} }).ready).toBe(false);
    expect(buildChecklist({ platform: 'ios', capabilities: ['login'], issues: [], confirmations: all }).ready).toBe(true);
    expect(buildChecklist({ platform: 'ios', capabilities: ['login'], issues: [], confirmations: all, loginButtonText: '一键注册' }).ready).toBe(true);
    const lure = buildChecklist({ platform: 'ios', capabilities: ['login'], issues: [], confirmations: all, loginButtonText: '立即领取' });
    expect(lure.items.find((i) => i.id === 'authPage.loginButtonText')?.state).toBe('fail');
    expect(buildChecklist({ platform: 'ios', capabilities: ['verify'], issues: [], confirmations: {} }).ready).toBe(true);
    const failing = buildChecklist({
      platform: 'android',
      capabilities: ['verify'],
      issues: [{ field: 'packageSignature', code: 'packageSignature' }],
      confirmations: {},
    });
    expect(failing.items.find((i) => i.id === 'field.packageSignature')?.state).toBe('fail');
    expect(failing.ready).toBe(false);
  });
});

describe('diffAppVersions', () => {
  it('reports changed fields only, and the logo without its bytes', () => {
    expect(
      diffAppVersions({ name: 'a', ipWhitelist: ['1.1.1.1'], logo: null }, { name: 'b', ipWhitelist: ['1.1.1.1'], logo: 'data:image/png;base64,AAAA' }),
    ).toEqual([
      { field: 'name', before: 'a', after: 'b' },
      { field: 'logo', before: null, after: '(image)' },
    ]);
  });
});

describe('authorization page languages (seed 002: simplified Chinese, traditional Chinese, English)', () => {
  const all = { loginButtonText: true, carrierTerms: true, maskedNumber: true, notHidden: true };
  const state = (text: string) =>
    buildChecklist({ platform: 'android', capabilities: ['login'], issues: [], confirmations: all, loginButtonText: text }).items.find(
      (i) => i.id === 'authPage.loginButtonText',
    )?.state;
  it('accepts the login/register words of each language the page supports', () => {
    const cases: [string, string][] = [
      ['本机号码一键登录', 'zh-Hans'],
      ['一键注册', 'zh-Hans'],
      ['本機號碼一鍵登錄', 'zh-Hant'],
      ['一鍵登入', 'zh-Hant'],
      ['立即註冊', 'zh-Hant'],
      ['Log in with this number', 'en'],
      ['One-tap Login', 'en'],
      ['Sign in', 'en'],
      ['Sign up now', 'en'],
      ['Register', 'en'],
    ];
    for (const [text, lang] of cases) {
      expect([text, loginButtonTextLanguage(text), state(text)]).toEqual([text, lang, 'pass']);
    }
  });
  it('still refuses text that lures without saying log in or register', () => {
    for (const text of ['立即领取', '立即領取', 'Claim your prize', 'Continue', 'Blogin']) {
      expect([text, loginButtonTextLanguage(text), state(text)]).toEqual([text, null, 'fail']);
    }
  });
});
