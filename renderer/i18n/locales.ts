/** The console's languages (no messages here: this module is part of the page's boot script). */
import type { Settings } from '../../shared/contract/settings';

export type Locale = Settings['locale'];
export const SUPPORTED_LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(v);
}
