// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { applyLocale, i18n } from '../../i18n';
import TierTable from './TierTable.vue';

const tiers = [
  { from: 0, to: 10_000, unitPrice: '0.026', count: 10_000, amount: '260.000' },
  { from: 10_000, to: 50_000, unitPrice: '0.024', count: 2_500, amount: '60.000' },
];
const mountTable = (packageCovered: number) =>
  mount(TierTable, { props: { tiers, billable: 12_500 + packageCovered, packageCovered, charged: 12_500, amount: '320.00' }, global: { plugins: [i18n] } });

describe('TierTable', () => {
  beforeEach(() => applyLocale('zh-CN'));

  it('shows what packages deducted as a subtraction, and nothing deducted as a plain 0 (never "−0")', () => {
    expect(mountTable(1_200).find('[data-col="packages"]').text()).toBe('−1,200');
    expect(mountTable(0).find('[data-col="packages"]').text()).toBe('0');
  });

  it('adds the tiers up to the exact total in thousandths of a yuan', () => {
    const w = mountTable(0);
    expect(w.find('[data-col="charged"]').text()).toBe('12,500');
    expect(w.find('[data-col="exact"]').text()).toBe('320.000');
  });
});
