// UI strings of the 'toolkit' area (integration tools for admins), zh-CN first.
export default {
  'zh-CN': {
    toolkit: {
      signature: {
        title: '签名调试',
        description:
          '粘贴服务端请求（JSON 报文或 curl 命令）和密钥：查看拼接后的待签名字符串、应得签名与请求中的签名，以及哪一项输入不一致。密钥只在本页使用，不会保存。',
        scheme: '签名方式',
        request: '请求',
        requestPlaceholder: '粘贴 JSON 报文，或 curl -X POST … 命令',
        phone: '手机号（可选）',
        phoneHint: '填写后同时校验 phoneNum 是否为 SHA256(手机号 + appKey + timestamp)；不会保存。',
        explain: '检查签名',
        ok: '签名正确，各项检查通过。',
        notOk: '签名或请求有问题，见下方不一致项。',
        canonical: '待签名字符串',
        expected: '应得签名',
        given: '请求中的签名',
      },
      schemes: {
        'login-token-validate': '获取手机号 loginTokenValidate（MD5 / RSA）',
        'token-validate': '本机号码校验 tokenValidate（HMAC-SHA256）',
        platform: '开放平台管理接口（HMAC-SHA256）',
        acs3: '阿里云 OpenAPI（ACS3-HMAC-SHA256）',
      },
      keys: {
        'login-token-validate': 'appKey / RSA 公钥',
        'token-validate': 'appKey',
        platform: 'SecretKey',
        acs3: 'AccessKey Secret',
      },
      problems: {
        case: '大小写错误',
        whitespace: '多余空白或换行',
        'field-order': '拼接顺序错误',
        'timestamp-window': '时间戳超出窗口',
        missing: '缺少字段',
        format: '格式错误',
        'phone-hash': '手机号摘要错误',
        mismatch: '签名不一致',
      },
    },
  },
  'en-US': {
    toolkit: {
      signature: {
        title: 'Signature debugger',
        description:
          'Paste a server request (JSON body or curl command) and the key: see the canonical string, the expected and the given signature, and which input differs. The key is used on this page only and never saved.',
        scheme: 'Scheme',
        request: 'Request',
        requestPlaceholder: 'Paste the JSON body, or a curl -X POST … command',
        phone: 'Phone (optional)',
        phoneHint: 'When given, phoneNum is checked to be SHA256(phone + appKey + timestamp) too; never saved.',
        explain: 'Check signature',
        ok: 'The signature is right and every check passes.',
        notOk: 'Something is wrong with the signature or the request: see below.',
        canonical: 'Canonical string',
        expected: 'Expected signature',
        given: 'Signature in the request',
      },
      schemes: {
        'login-token-validate': 'Get the number: loginTokenValidate (MD5 / RSA)',
        'token-validate': 'Number verification: tokenValidate (HMAC-SHA256)',
        platform: 'Platform management API (HMAC-SHA256)',
        acs3: 'Alibaba Cloud OpenAPI (ACS3-HMAC-SHA256)',
      },
      keys: {
        'login-token-validate': 'appKey / RSA public key',
        'token-validate': 'appKey',
        platform: 'SecretKey',
        acs3: 'AccessKey secret',
      },
      problems: {
        case: 'wrong case',
        whitespace: 'stray whitespace or newline',
        'field-order': 'wrong order',
        'timestamp-window': 'timestamp outside the window',
        missing: 'missing input',
        format: 'malformed',
        'phone-hash': 'wrong phone hash',
        mismatch: 'signature differs',
      },
    },
  },
};
