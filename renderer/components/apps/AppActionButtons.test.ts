// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { applyLocale, i18n } from '../../i18n';
import type { AppRow } from '../../../shared/contract/apps';
import AppActionButtons from './AppActionButtons.vue';

const row = (over: Partial<AppRow>): AppRow => ({
  id: 'a1',
  appId: null,
  name: 'Shop',
  platform: 'ios',
  status: 'pending',
  rejectReason: null,
  createdAt: 0,
  updatedAt: 0,
  actions: ['view', 'modify', 'delete'],
  reviewActions: [],
  confirmed: true,
  pending: null,
  waitingSince: null,
  waitingWorkMs: null,
  overdue: false,
  ...over,
});

const labels = (r: AppRow) =>
  mount(AppActionButtons, { props: { row: r }, global: { plugins: [i18n] } })
    .findAll('[data-action]')
    .map((b) => `${b.attributes('data-action')}:${b.text()}`);

describe('AppActionButtons', () => {
  beforeEach(() => applyLocale('zh-CN'));

  it('offers exactly the actions the service allowed, worded per status', () => {
    expect(labels(row({}))).toEqual(['view:查看', 'modify:修改', 'delete:删除']);
    expect(labels(row({ status: 'reviewing', actions: ['view'] }))).toEqual(['view:查看']);
    expect(labels(row({ status: 'rejected' }))).toEqual(['view:查看', 'modify:修改并重新提交', 'delete:删除']);
    expect(labels(row({ actions: ['view'], reviewActions: ['approve', 'reject'] }))).toEqual(['view:查看', 'approve:审核通过', 'reject:驳回']);
  });

  it('emits the action with its row', async () => {
    const r = row({});
    const w = mount(AppActionButtons, { props: { row: r }, global: { plugins: [i18n] } });
    await w.find('[data-action="delete"]').trigger('click');
    expect(w.emitted('action')?.[0]).toEqual(['delete', r]);
  });
});
