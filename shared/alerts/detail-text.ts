/**
 * An alert's detail in both languages, from its rule's template and its numbers: the renderer's
 * locale file (alerts.detail.*) and the main process's desktop notifications and robot messages
 * read the same templates and the same values. `{name}` interpolates (vue-i18n's syntax).
 */
import type { Alert, AlertRule } from '../contract/alerts';

export type DetailKey = AlertRule | 'syncStaleOld';

export const detailTemplates: Record<'zh-CN' | 'en-US', Record<DetailKey, string>> = {
  'zh-CN': {
    failureSpike: '失败率 {failureRate}（{windowFailures}/{windowCalls}），平时同时段 {baselineRate}',
    successBelow: '成功率 {successRate}（{successes}/{windowCalls}），低于 {thresholdPercent}%',
    volumeDrop: '截至 {windowEnd} 的 {windowHours} 小时调用 {windowCalls} 次，平时约 {usualCalls} 次',
    codeSurge: '返回码 {code} 今日 {failuresToday} 次，占调用 {rate}，此前 {baselineRate}',
    packageUsage: '已用 {used}/{quota}，剩余 {remaining}',
    packageExpiry: '{daysToExpiry} 天后到期，尚余 {remaining} 次',
    spendBudget: '预计本月费用 ¥{projectedAmount}，超出预算 ¥{budget}',
    tierCrossing: '预计 {reachedOn} 进入第 {tier} 阶梯（单价 ¥{unitPrice}）',
    reviewPending: '自 {waitingSince} 起等待审核，已 {workingHours} 个工作小时',
    syncStale: '同步异常：{message}',
    syncStaleOld: '本地数据已 {staleMinutes} 分钟未更新（上限 {limitMinutes} 分钟）',
  },
  'en-US': {
    failureSpike: 'Failure rate {failureRate} ({windowFailures}/{windowCalls}) vs {baselineRate} usually at these hours',
    successBelow: 'Success rate {successRate} ({successes}/{windowCalls}) below {thresholdPercent}%',
    volumeDrop: '{windowCalls} calls in the {windowHours} h to {windowEnd}, about {usualCalls} usually',
    codeSurge: 'Code {code}: {failuresToday} today, {rate} of calls vs {baselineRate} before',
    packageUsage: '{used}/{quota} used, {remaining} left',
    packageExpiry: 'Expires in {daysToExpiry} day(s) with {remaining} calls left',
    spendBudget: 'This month is forecast to cost ¥{projectedAmount}, over the ¥{budget} budget',
    tierCrossing: 'Forecast to enter tier {tier} (¥{unitPrice} each) on {reachedOn}',
    reviewPending: 'Waiting for review since {waitingSince}: {workingHours} working hours',
    syncStale: 'Sync problem: {message}',
    syncStaleOld: 'Local data is {staleMinutes} min old (limit {limitMinutes} min)',
  },
};

const RATES = new Set(['failureRate', 'baselineRate', 'successRate', 'rate']);

/** Which template an alert's detail uses (a sync alert without an error message says how old the data is). */
export function detailKey(a: Pick<Alert, 'rule' | 'numbers'>): DetailKey {
  return a.rule === 'syncStale' && a.numbers.staleMinutes !== undefined ? 'syncStaleOld' : a.rule;
}

/** The template's values from the alert's numbers: rates as percentages, instants as "YYYY-MM-DD HH:MM", tiers counted from 1. */
export function detailValues(a: Pick<Alert, 'numbers'>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a.numbers))
    values[k] =
      typeof v === 'number' && RATES.has(k)
        ? `${(v * 100).toFixed(1)}%`
        : typeof v === 'string' && /T\d{2}:\d{2}/.test(v)
          ? v.slice(0, 16).replace('T', ' ')
          : v;
  if (typeof a.numbers.tierIndex === 'number') values.tier = a.numbers.tierIndex + 1;
  return values;
}

/**
 * The detail in `locale`, as the console shows it (notifications, robots). Where the numbers lack a
 * value the template names (an alert stored by an older version), the stored English line instead.
 */
export function localDetail(locale: 'zh-CN' | 'en-US', a: Pick<Alert, 'rule' | 'numbers' | 'detail'>): string {
  const values = detailValues(a);
  let missing = false;
  const text = detailTemplates[locale][detailKey(a)].replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined || values[name] === null) missing = true;
    return String(values[name]);
  });
  return missing ? a.detail : text;
}
