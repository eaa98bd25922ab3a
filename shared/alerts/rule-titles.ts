/**
 * Rule titles in both languages: the renderer's locale file and the main process's desktop
 * notifications and robot messages read the same words.
 */
import type { AlertRule } from '../contract/alerts';

export const ruleTitles: Record<'zh-CN' | 'en-US', Record<AlertRule, string>> = {
  'zh-CN': {
    failureSpike: '失败率突增',
    successBelow: '成功率低于阈值',
    volumeDrop: '调用量骤降',
    codeSurge: '返回码激增',
    packageUsage: '资源包用量',
    packageExpiry: '资源包即将到期',
    spendBudget: '预计费用超出预算',
    tierCrossing: '即将进入下一阶梯',
    reviewPending: '应用审核超时',
    syncStale: '数据同步滞后或失败',
  },
  'en-US': {
    failureSpike: 'Failure-rate spike',
    successBelow: 'Success rate below threshold',
    volumeDrop: 'Volume drop',
    codeSurge: 'Return code surge',
    packageUsage: 'Package usage',
    packageExpiry: 'Package expiring',
    spendBudget: 'Spend forecast over budget',
    tierCrossing: 'Next price tier ahead',
    reviewPending: 'Review overdue',
    syncStale: 'Sync stale or failed',
  },
};

export const eventTitles: Record<'zh-CN' | 'en-US', Record<'fired' | 'repeated' | 'resolved' | 'test', string>> = {
  'zh-CN': { fired: '告警', repeated: '告警持续', resolved: '已恢复', test: '测试消息' },
  'en-US': { fired: 'Alert', repeated: 'Still alerting', resolved: 'Resolved', test: 'Test message' },
};
