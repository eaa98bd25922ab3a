// UI strings of the 'providers' area: what a workspace's provider offers, and the pages that
// explain themselves when it does not offer what they show. zh-CN first.
export default {
  'zh-CN': {
    providers: {
      name: { onetap: 'onetap 平台', 'aliyun-dypns': '阿里云 号码认证服务' },
      choose: '服务商',
      chooseHint: '先选择这个连接使用的服务商，再填写它的接入信息。',
      aliyun: {
        accessKeyId: 'AccessKey ID',
        accessKeySecret: 'AccessKey Secret',
        ramHint: '请使用 RAM 用户的 AccessKey，并授予 dypns:QueryGateVerifyStatisticPublic、dypns:QueryGateVerifyBillingPublic 等所需权限。',
        endpoint: '服务地址（HOST[:PORT]）',
        protocol: '协议',
        region: '地域（可选）',
      },
      noRecords: {
        title: '{provider} 不提供逐条认证记录',
        records: '该服务商的开放接口只提供按天汇总的调用量（成功、失败、未知），没有每一次调用的明细，因此这里无法检索单条记录。',
        audit: '审计导出针对逐条认证记录；该服务商没有逐条记录，因此没有可导出或核验的记录文件。',
        offers: '这个工作区可以使用：',
        offerStats: '每日用量统计（按认证方案与能力），同步后在仪表盘和统计页查看',
        offerBills: '月度账单（按价格手册计算）与阿里云账单逐行对账',
        offerApps: '认证方案的创建、查询与删除（保存方案号）',
        toDashboard: '查看仪表盘',
        toBilling: '查看计费',
      },
    },
  },
  'en-US': {
    providers: {
      name: { onetap: 'onetap platform', 'aliyun-dypns': 'Alibaba Cloud Phone Number Verification' },
      choose: 'Provider',
      chooseHint: 'Choose the provider this connection speaks first, then enter its access details.',
      aliyun: {
        accessKeyId: 'AccessKey ID',
        accessKeySecret: 'AccessKey Secret',
        ramHint: 'Use the AccessKey of a RAM user granted dypns:QueryGateVerifyStatisticPublic, dypns:QueryGateVerifyBillingPublic and the other actions you need.',
        endpoint: 'Endpoint (HOST[:PORT])',
        protocol: 'Protocol',
        region: 'Region (optional)',
      },
      noRecords: {
        title: '{provider} does not provide individual authentication records',
        records: 'This provider’s API reports daily totals only (successful, failed and unknown calls), not each call, so there are no records to search here.',
        audit: 'Audit exports are made of individual authentication records; this provider has none, so there is nothing to export or verify.',
        offers: 'This workspace offers:',
        offerStats: 'Daily usage statistics per scheme and capability, shown on the dashboard and statistics pages after a sync',
        offerBills: 'The monthly bill priced with a price book, reconciled line by line with Alibaba Cloud’s billing',
        offerApps: 'Schemes (认证方案): create, describe and delete; the workspace keeps their codes',
        toDashboard: 'Open the dashboard',
        toBilling: 'Open billing',
      },
    },
  },
};
