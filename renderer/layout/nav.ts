/**
 * The sidebar: the seven areas, with the return-code dictionary as a second item under
 * 认证记录. `key` is the route's nav key (first path segment unless the route says otherwise).
 */
import type { Component } from 'vue';
import {
  AppsOutline,
  BookOutline,
  DocumentTextOutline,
  HomeOutline,
  KeyOutline,
  SearchOutline,
  SettingsOutline,
  ShieldCheckmarkOutline,
  StatsChartOutline,
  WalletOutline,
} from '@vicons/ionicons5';

export interface NavItem {
  key: string;
  labelKey: string;
  icon: Component;
  /** Where the item leads; a group without `to` only opens its children. */
  to?: string;
  children?: NavItem[];
}

export const RECORDS_GROUP = 'records-group';

export const navItems: NavItem[] = [
  { key: 'dashboard', labelKey: 'common.nav.dashboard', icon: HomeOutline, to: '/dashboard' },
  { key: 'apps', labelKey: 'common.nav.apps', icon: AppsOutline, to: '/apps' },
  {
    key: RECORDS_GROUP,
    labelKey: 'common.nav.records',
    icon: DocumentTextOutline,
    children: [
      { key: 'records', labelKey: 'common.nav.recordSearch', icon: SearchOutline, to: '/records' },
      { key: 'codes', labelKey: 'common.nav.codes', icon: BookOutline, to: '/codes' },
    ],
  },
  { key: 'statistics', labelKey: 'common.nav.statistics', icon: StatsChartOutline, to: '/statistics' },
  { key: 'billing', labelKey: 'common.nav.billing', icon: WalletOutline, to: '/billing' },
  { key: 'audit', labelKey: 'common.nav.audit', icon: ShieldCheckmarkOutline, to: '/audit' },
  { key: 'toolkit', labelKey: 'common.nav.toolkit', icon: KeyOutline, to: '/toolkit/signature' },
  { key: 'settings', labelKey: 'common.nav.settings', icon: SettingsOutline, to: '/settings' },
];

/** Every item that leads somewhere, groups flattened. */
export function navLeaves(items: NavItem[] = navItems): NavItem[] {
  return items.flatMap((i) => (i.children ? navLeaves(i.children) : [i]));
}

/** The group an item sits in, if any (for breadcrumbs). */
export function navParentOf(key: string, items: NavItem[] = navItems): NavItem | null {
  for (const i of items) if (i.children?.some((c) => c.key === key)) return i;
  return null;
}
