/**
 * Pre-submission checklist, run locally before an app goes to review: the field checks of the
 * validation schema, plus the authorization-page rules the carrier reviews (seeds/002 §2.5,
 * seeds/004 §2.4.2) as items the admin confirms, since only the admin can see the app's page.
 * Authorization-page items apply to one-click login only: number verification shows no
 * authorization page (seeds/002 §6 Q1).
 */
import type { AppPlatform, Capability } from '../platform/domain';
import type { AppField, FieldIssue } from './validation';

export const authPageChecks = ['loginButtonText', 'carrierTerms', 'maskedNumber', 'notHidden'] as const;
export type AuthPageCheck = (typeof authPageChecks)[number];

export type ChecklistItemId = `field.${AppField}` | `authPage.${AuthPageCheck}`;
export type ChecklistState = 'pass' | 'fail' | 'unconfirmed';

export interface ChecklistItem {
  id: ChecklistItemId;
  kind: 'field' | 'confirm';
  state: ChecklistState;
  /** The field problem behind a failed field item. */
  issue?: FieldIssue;
}

export interface ChecklistInput {
  platform: AppPlatform;
  capabilities: readonly Capability[];
  /** Issues from validateAppCreate of the draft (or of the app with the patch applied). */
  issues: readonly FieldIssue[];
  /** Items the admin ticked. */
  confirmations: Partial<Record<AuthPageCheck, boolean>>;
  /** The login button's text as the admin typed it; checked for 登录 / 注册 when given. */
  loginButtonText?: string | undefined;
}

/** The fields each platform's form has, in form order (what the field items cover). */
export function checkedFields(platform: AppPlatform): AppField[] {
  const own: AppField[] = platform === 'android' ? ['packageName', 'packageSignature'] : platform === 'ios' ? ['bundleId'] : ['origins'];
  return ['name', 'logo', 'description', ...own, 'ipWhitelist', 'rsaPublicKey', 'capabilities'];
}

/**
 * The languages the authorization page comes in (seeds/002 §2 "授权页语言切换", appLanguageType
 * 0/1/2, and §6 Q6: simplified Chinese, traditional Chinese, English), and the words that say
 * "log in" or "register" in each.
 */
export const authPageLanguages = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type AuthPageLanguage = (typeof authPageLanguages)[number];

const loginWords: Record<AuthPageLanguage, RegExp> = {
  'zh-Hans': /登录|注册/,
  'zh-Hant': /登錄|登入|註冊/,
  en: /\b(log\s?-?in|sign\s?-?in|sign\s?-?up|register|registration)\b/i,
};

/** Which supported language's login/register word the button text carries, or null when none. */
export function loginButtonTextLanguage(text: string): AuthPageLanguage | null {
  return authPageLanguages.find((l) => loginWords[l].test(text)) ?? null;
}

/**
 * seeds/004 §2.4.2 item 2 / seeds/002 §2.5: the button text must contain 登录 or 注册 ("等文字":
 * the same words in the page's other languages, 登錄/登入/註冊 or Log in/Sign in/Sign up/Register).
 */
export function loginButtonTextOk(text: string): boolean {
  return loginButtonTextLanguage(text) !== null;
}

export function buildChecklist(input: ChecklistInput): { items: ChecklistItem[]; ready: boolean } {
  const items: ChecklistItem[] = checkedFields(input.platform).map((field) => {
    const issue = input.issues.find((i) => i.field === field);
    return issue ? { id: `field.${field}`, kind: 'field', state: 'fail', issue } : { id: `field.${field}`, kind: 'field', state: 'pass' };
  });
  // Issues on fields outside the form's list (e.g. a package name sent for iOS) still block.
  for (const issue of input.issues) {
    if (!items.some((i) => i.id === `field.${issue.field}`)) items.push({ id: `field.${issue.field}`, kind: 'field', state: 'fail', issue });
  }
  if (input.capabilities.includes('login')) {
    for (const check of authPageChecks) {
      let state: ChecklistState = input.confirmations[check] ? 'pass' : 'unconfirmed';
      if (check === 'loginButtonText' && input.loginButtonText !== undefined && input.loginButtonText.trim() !== '') {
        state = !loginButtonTextOk(input.loginButtonText) ? 'fail' : state;
      }
      items.push({ id: `authPage.${check}`, kind: 'confirm', state });
    }
  }
  return { items, ready: items.every((i) => i.state === 'pass') };
}

export const checklistLabels: Record<'zh-CN' | 'en-US', Record<ChecklistItemId, string>> = {
  'zh-CN': {
    'field.name': '应用名称',
    'field.type': '创建类型',
    'field.platform': '应用平台',
    'field.logo': '应用 Logo',
    'field.description': '应用介绍',
    'field.packageName': 'Android 包名',
    'field.packageSignature': 'Android 应用签名',
    'field.bundleId': 'iOS Bundle ID',
    'field.origins': '请求来源',
    'field.encryption': '加密方式',
    'field.ipWhitelist': 'IP 白名单',
    'field.rsaPublicKey': 'RSA 加密公钥',
    'field.capabilities': '能力',
    'authPage.loginButtonText': '授权页登录按钮文字包含“登录”或“注册”（繁体“登錄/登入/註冊”，英文“Log in/Sign in/Sign up/Register”），不诱导用户授权',
    'authPage.carrierTerms': '授权页展示运营商服务条款（如《中国移动认证服务条款》）且未隐藏',
    'authPage.maskedNumber': '授权页显示本机号码掩码（号码栏不隐藏）',
    'authPage.notHidden': '授权页正常弹出，号码栏、隐私栏、品牌露出未被隐藏或覆盖',
  },
  'en-US': {
    'field.name': 'App name',
    'field.type': 'App type',
    'field.platform': 'Platform',
    'field.logo': 'Logo',
    'field.description': 'Description',
    'field.packageName': 'Android package name',
    'field.packageSignature': 'Android signature',
    'field.bundleId': 'iOS bundle id',
    'field.origins': 'Request origins',
    'field.encryption': 'Encryption',
    'field.ipWhitelist': 'IP whitelist',
    'field.rsaPublicKey': 'RSA public key',
    'field.capabilities': 'Capabilities',
    'authPage.loginButtonText':
      'The login button text contains 登录 or 注册 (traditional 登錄/登入/註冊, English Log in/Sign in/Sign up/Register) and does not lure users into consenting',
    'authPage.carrierTerms': "The carrier's terms of service (e.g. 《中国移动认证服务条款》) are shown, not hidden",
    'authPage.maskedNumber': 'The masked local number is shown (the number bar is not hidden)',
    'authPage.notHidden': 'The page really pops up; number bar, privacy bar and branding are not hidden or covered',
  },
};
