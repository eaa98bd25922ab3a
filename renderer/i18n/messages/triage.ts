// UI strings of the 'triage' area: the cause and check words are shared with the CLI (shared/triage/messages.ts).
import { triageMessages } from '../../../shared/triage/messages';

export default {
  'zh-CN': {
    triage: {
      ...triageMessages['zh-CN'],
      ui: {
        open: '排查',
        openRecord: '排查这次失败',
        pageTitle: '失败排查',
        pageDescription: '输入失败返回码（或从认证记录、返回码词典、统计进入）：可能的原因与检查项、失败开始激增的时间，以及此前后应用的变更。',
        code: '返回码',
        codePlaceholder: '如 103511',
        app: '应用',
        anyApp: '全部应用',
        operator: '运营商',
        anyOperator: '不限',
        days: '时间窗（天）',
        run: '开始排查',
        records: '查看这些失败记录',
        signatureDebugger: '打开签名调试',
        checkBuild: '到应用详情检查安装包',
        editApp: '查看应用',
      },
    },
  },
  'en-US': {
    triage: {
      ...triageMessages['en-US'],
      ui: {
        open: 'Triage',
        openRecord: 'Triage this failure',
        pageTitle: 'Failure triage',
        pageDescription:
          'Enter a failure code (or come from an auth record, the code dictionary or statistics): the likely causes and what to check, when the failures started surging, and the app changes around it.',
        code: 'Code',
        codePlaceholder: 'e.g. 103511',
        app: 'App',
        anyApp: 'All apps',
        operator: 'Operator',
        anyOperator: 'Any',
        days: 'Window (days)',
        run: 'Triage',
        records: 'See these failed records',
        signatureDebugger: 'Open the signature debugger',
        checkBuild: 'Check a build on the app page',
        editApp: 'Open the app',
      },
    },
  },
};
