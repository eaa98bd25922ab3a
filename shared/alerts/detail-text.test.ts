import { describe, expect, it } from 'vitest';
import type { Alert } from '../contract/alerts';
import { detailKey, localDetail } from './detail-text';

const alert = (rule: Alert['rule'], numbers: Alert['numbers'], detail = 'stored english line'): Pick<Alert, 'rule' | 'numbers' | 'detail'> => ({
  rule,
  numbers,
  detail,
});

describe('an alert detail in the console language', () => {
  const spike = alert('failureSpike', { failureRate: 0.2345, windowFailures: 47, windowCalls: 200, baselineRate: 0.05 });

  it('fills the rule template with the numbers: rates as percentages, in both languages', () => {
    expect(localDetail('zh-CN', spike)).toBe('失败率 23.4%（47/200），平时同时段 5.0%');
    expect(localDetail('en-US', spike)).toBe('Failure rate 23.4% (47/200) vs 5.0% usually at these hours');
  });

  it('writes instants as minutes and counts tiers from 1', () => {
    const tier = alert('tierCrossing', { reachedOn: '2026-12-17T00:00:00.000+08:00', tierIndex: 1, unitPrice: '0.030' });
    expect(localDetail('zh-CN', tier)).toBe('预计 2026-12-17 00:00 进入第 2 阶梯（单价 ¥0.030）');
  });

  it('a sync alert without an error message says how old the data is', () => {
    const stale = alert('syncStale', { dataAsOf: '2026-12-06T10:00:00.000+08:00', staleMinutes: 180, limitMinutes: 60 });
    expect(detailKey(stale)).toBe('syncStaleOld');
    expect(localDetail('zh-CN', stale)).toBe('本地数据已 180 分钟未更新（上限 60 分钟）');
    expect(detailKey(alert('syncStale', { message: 'HTTP 503' }))).toBe('syncStale');
  });

  it('falls back to the stored line where a value the template names is missing', () => {
    expect(localDetail('zh-CN', alert('failureSpike', { failureRate: 0.2 }, 'failure rate 20.0%'))).toBe('failure rate 20.0%');
  });
});
