/**
 * Every area's messages, both languages: each area keeps its strings in `messages/<area>.ts`
 * (`{ 'zh-CN': { <area>: {...} }, 'en-US': { <area>: {...} } }`) and this module deep-merges them so
 * views call `t('<area>.<key>')`.
 *
 * The page never loads this module: the build turns it into one chunk per language
 * (`virtual:onetap-messages/<locale>`, scripts/locale-messages-plugin.ts) and the page loads the
 * one it shows (renderer/i18n/locale-chunks.ts). Tests and the dev server read it directly.
 */
import type { Locale } from './locales';
import { SUPPORTED_LOCALES } from './locales';
import common from './messages/common';
import settings from './messages/settings';
import sync from './messages/sync';
import dashboard from './messages/dashboard';
import records from './messages/records';
import stats from './messages/stats';
import codes from './messages/codes';
import billing from './messages/billing';
import apps from './messages/apps';
import audit from './messages/audit';
import alerts from './messages/alerts';
import toolkit from './messages/toolkit';
import triage from './messages/triage';
import backup from './messages/backup';
import providers from './messages/providers';
import archive from './messages/archive';

export type MessageTree = { [key: string]: string | MessageTree };
export type AreaMessages = Record<Locale, Record<string, unknown>>;

/** Every area's message module, in one list so the parity test sees the same set. */
export const areaMessageModules: Record<string, AreaMessages> = {
  common,
  settings,
  sync,
  dashboard,
  records,
  stats,
  codes,
  billing,
  apps,
  audit,
  alerts,
  toolkit,
  triage,
  backup,
  providers,
  archive,
};

function isTree(v: unknown): v is MessageTree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge; a later module adding a key that an earlier one already defines is a bug, so it throws. */
export function deepMerge(target: MessageTree, source: Record<string, unknown>, path = ''): MessageTree {
  for (const [key, value] of Object.entries(source)) {
    const here = path ? `${path}.${key}` : key;
    const existing = target[key];
    if (isTree(value)) {
      if (existing !== undefined && !isTree(existing)) throw new Error(`i18n key ${here} is both a message and a group`);
      target[key] = deepMerge(isTree(existing) ? existing : {}, value, here);
    } else if (typeof value === 'string') {
      if (existing !== undefined) throw new Error(`i18n key ${here} is defined twice`);
      target[key] = value;
    } else {
      throw new Error(`i18n key ${here} must be a string or a group`);
    }
  }
  return target;
}

export function mergeMessages(modules: Iterable<AreaMessages>): Record<Locale, MessageTree> {
  const out = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, {} as MessageTree])) as Record<Locale, MessageTree>;
  for (const mod of modules) for (const l of SUPPORTED_LOCALES) deepMerge(out[l], mod[l] ?? {});
  return out;
}

export const messages = mergeMessages(Object.values(areaMessageModules));
