/**
 * Words of the failure triage in Chinese and English, keyed by the ids of ./causes.ts. The texts
 * use vue-i18n's `{param}` placeholders, so the renderer merges them into its message tree as
 * `triage.*` and the CLI formats them itself (like shared/apps/messages.ts).
 */
import type { AppLocale } from '../apps/messages';
import type { TriageCause } from './types';

interface CauseText {
  title: string;
  checks: Record<string, string>;
}

export interface TriageMessages {
  causes: Record<TriageCause, CauseText>;
  labels: {
    title: string;
    codes: string;
    causes: string;
    check: string;
    source: string;
    app: string;
    whitelist: string;
    whitelistEmpty: string;
    capabilities: string;
    encryption: string;
    surge: string;
    surgeText: string;
    noSurge: string;
    firstSeen: string;
    noFailures: string;
    changes: string;
    noChanges: string;
    related: string;
    hoursBefore: string;
    hoursAfter: string;
    topApps: string;
    window: string;
    field: string;
    before: string;
    after: string;
    activity: string;
  };
}

export const triageMessages: Record<AppLocale, TriageMessages> = {
  'zh-CN': {
    causes: {
      signature: {
        title: '请求签名不对',
        checks: {
          appKey: '核对服务端使用的 appKey：是否与控制台一致、是否与 appSecret 弄混、前后是否带空格',
          signString: '核对签名串的拼接顺序：appid+version+msgid+systemtime+strictcheck+token+appKey（loginTokenValidate）',
          upperHex: '签名与摘要须为大写十六进制',
          encryption: '核对验签方式：MD5 还是 RSA 与应用登记的一致；RSA 时私钥须与登记的公钥成对',
          debugger: '把这次请求粘贴到“签名调试”页，查看规范串、期望签名和不同的输入',
        },
      },
      'ip-whitelist': {
        title: '服务器 IP 不在白名单',
        checks: {
          callerIp: '查出服务端访问网关时的出口 IP（经过 NAT、代理或负载均衡后的地址，可能是 IPv6）',
          whitelist: '对照下方应用的 IP 白名单，确认该出口 IP 在其中',
          segments: '使用网段时核对掩码位数是否覆盖出口 IP',
          recentEdit: '查看失败开始前是否修改过白名单（见下方“近期变更”）',
        },
      },
      capability: {
        title: '能力未开通或 token 用错能力',
        checks: {
          capabilityEnabled: '确认应用已勾选相应能力（一键登录 / 本机号码校验）并已审核通过',
          tokenKind: '用本机号码校验的 token 取号会被拒绝：取号与校验须用各自能力的 token',
          recentEdit: '查看失败开始前是否修改过应用的能力（见下方“近期变更”）',
        },
      },
      'package-quota': {
        title: '资源包用尽、到期或未订购',
        checks: {
          remaining: '在计费页查看资源包余量',
          expiry: '查看资源包有效期（体验包 3 个月）',
          syncDelay: '刚充值时，开放平台同步到认证系统约有 30 分钟延迟',
        },
      },
      'token-invalid': {
        title: 'token 无效、过期或已用过',
        checks: {
          lifetime: 'token 有效期 2 分钟：客户端取到后应立即交给服务端校验',
          singleUse: 'token 只能使用一次：不要重试已提交过的 token',
          sameApp: 'token 须由同一 appid 的 SDK 取得',
        },
      },
      replay: {
        title: '重复请求（重放）',
        checks: {
          msgidUnique: '每次请求的 msgid 须是新的随机数，不可复用',
          noResend: '超时后重发时换新的 msgid；已用过的 token 不能再次校验',
        },
      },
      timestamp: {
        title: '时间戳无效或超出时间窗',
        checks: {
          serverClock: '校准服务器时钟（NTP），时间戳须在网关允许的时间窗内',
          timestampFormat: '核对时间戳格式（如 systemtime 为 yyyyMMddHHmmssSSS）与时区',
        },
      },
      'build-identity': {
        title: '包名或包签名与登记不符',
        checks: {
          packageName: '核对安装包的包名与应用登记的一致',
          packageSignature: '核对签名证书的 MD5（32 位、无冒号）与登记的一致；上架商店重新签名时以商店签名为准',
          inspectBuild: '在应用详情页拖入安装包，用“检查这个安装包”比对',
        },
      },
      'app-identity': {
        title: 'appid 不存在、不在白名单或应用未审核通过',
        checks: {
          appId: '核对请求中的 appid（无空格、环境正确）',
          appStatus: '确认应用已审核通过（审核中的应用不能调用）',
        },
      },
      'request-format': {
        title: '请求格式或参数错误',
        checks: {
          json: '请求体须为标准 JSON，参数类型均为字符串',
          contentType: '请求头 Content-Type 须为 application/json',
          required: '核对必填参数是否齐全、名称大小写是否正确',
        },
      },
      encryption: {
        title: '加密或解密失败',
        checks: {
          rsaKey: 'RSA 加密时核对公私钥是否成对、是否与登记的一致',
          phoneHash: '本机号码校验的 phoneNum 须为 SHA-256(手机号+appKey+timestamp) 的大写十六进制',
        },
      },
      'rate-limit': {
        title: '取号过于频繁或达到限额',
        checks: {
          unusedTokens: '同一号码 10 分钟内获取且未使用的 token 不能超过 30 个：检查客户端是否重复预取号',
          dailyLimit: '查看是否达到当天取号限额',
        },
      },
      'operator-unsupported': {
        title: '该运营商不支持此业务',
        checks: {
          verifyCmccOnly: '本机号码校验目前仅支持中国移动号码',
          operatorSwitch: '对其他运营商的号码改用其他方式（如短信验证码）',
        },
      },
      network: {
        title: '用户侧网络取号失败',
        checks: {
          mobileData: '用户未开数据网络、仅用 Wi-Fi 或网络不稳定时无法取号',
          simCard: '无 SIM 卡、物联网卡或欠费的卡无法取号',
          clientSide: '这是用户终端的问题，服务端配置无须修改；比例突然升高时再排查 SDK 版本和客户端改动',
        },
      },
      'user-cancelled': {
        title: '用户关闭了授权页',
        checks: { notAFault: '用户主动取消，不是接入错误' },
      },
      unknown: {
        title: '没有现成的排查规则',
        checks: { dictionary: '在返回码词典中查看这个返回码的含义' },
      },
    },
    labels: {
      title: '失败排查',
      codes: '返回码',
      causes: '可能的原因',
      check: '检查',
      source: '依据',
      app: '应用',
      whitelist: 'IP 白名单',
      whitelistEmpty: '（白名单为空）',
      capabilities: '已开通能力',
      encryption: '验签方式',
      surge: '失败激增',
      surgeText: '自 {start} 起每小时 {peak} 次（此前约 {baseline} 次），共 {failures} 次',
      noSurge: '时间窗内没有明显的激增',
      firstSeen: '时间窗内首次出现：{at}',
      noFailures: '时间窗内没有这个返回码的失败',
      changes: '近期变更（失败开始前后）',
      noChanges: '失败开始前后没有应用变更',
      related: '与原因相关',
      hoursBefore: '早 {hours} 小时',
      hoursAfter: '晚 {hours} 小时',
      topApps: '失败最多的应用',
      window: '时间窗',
      field: '字段',
      before: '改前',
      after: '改后',
      activity: '动态',
    },
  },
  'en-US': {
    causes: {
      signature: {
        title: 'The request signature is wrong',
        checks: {
          appKey: 'Check the appKey the server uses: the one in the console, not the appSecret, no leading or trailing spaces',
          signString: 'Check the order of the signed string: appid+version+msgid+systemtime+strictcheck+token+appKey (loginTokenValidate)',
          upperHex: 'Signatures and hashes must be upper-case hex',
          encryption: 'Check the signing method: MD5 or RSA as the app registered it; with RSA the private key must pair with the registered public key',
          debugger: 'Paste this request into the Signature debugger to see the canonical string, the expected signature and the input that differs',
        },
      },
      'ip-whitelist': {
        title: "The server's IP is not in the whitelist",
        checks: {
          callerIp: 'Find the outbound IP your server reaches the gateway from (after NAT, proxies or load balancers; it may be IPv6)',
          whitelist: "Compare it with the app's IP whitelist below",
          segments: 'For ranges, check that the prefix length covers the outbound IP',
          recentEdit: 'See whether the whitelist was edited just before the failures started (Recent changes below)',
        },
      },
      capability: {
        title: 'Capability not enabled, or a token of the other capability',
        checks: {
          capabilityEnabled: 'Check that the app has the capability (one-click login / number verification) selected and approved',
          tokenKind: 'A number-verification token cannot fetch the number: each call needs a token of its own capability',
          recentEdit: "See whether the app's capabilities were edited just before the failures started (Recent changes below)",
        },
      },
      'package-quota': {
        title: 'Package used up, expired or not subscribed',
        checks: {
          remaining: 'See the remaining package quota on the Billing page',
          expiry: 'Check the package validity (the trial package lasts 3 months)',
          syncDelay: 'After a top-up the platform takes about 30 minutes to reach the authentication system',
        },
      },
      'token-invalid': {
        title: 'The token is invalid, expired or already used',
        checks: {
          lifetime: 'A token is valid for 2 minutes: the client should hand it to the server at once',
          singleUse: 'A token is single-use: do not retry a token already submitted',
          sameApp: 'The token must come from the SDK of the same appid',
        },
      },
      replay: {
        title: 'Repeated request (replay)',
        checks: {
          msgidUnique: 'Every request needs a fresh random msgid; never reuse one',
          noResend: 'Retry after a timeout with a new msgid; a used token cannot be checked again',
        },
      },
      timestamp: {
        title: 'Timestamp invalid or outside the window',
        checks: {
          serverClock: "Synchronise the server's clock (NTP): the timestamp must fall in the gateway's window",
          timestampFormat: 'Check the timestamp format (systemtime is yyyyMMddHHmmssSSS) and the time zone',
        },
      },
      'build-identity': {
        title: 'Package name or package signature differs from the registration',
        checks: {
          packageName: "Check the build's package name against the registered one",
          packageSignature: "Check the signing certificate's MD5 (32 hex, no colons) against the registered one; a store that re-signs decides",
          inspectBuild: 'Drop the build onto the app page and use "Check this build"',
        },
      },
      'app-identity': {
        title: 'appid unknown, not whitelisted, or the app not approved',
        checks: {
          appId: 'Check the appid in the request (no spaces, the right environment)',
          appStatus: 'Check that the app is approved (an app in review cannot call)',
        },
      },
      'request-format': {
        title: 'Malformed request or parameters',
        checks: {
          json: 'The body must be standard JSON with every parameter a string',
          contentType: 'The Content-Type header must be application/json',
          required: 'Check that every required parameter is there, with the exact name and case',
        },
      },
      encryption: {
        title: 'Encryption or decryption failed',
        checks: {
          rsaKey: 'With RSA, check that the key pair matches the registered public key',
          phoneHash: "Number verification's phoneNum must be upper-case hex SHA-256(phone + appKey + timestamp)",
        },
      },
      'rate-limit': {
        title: 'Too many token requests, or a limit reached',
        checks: {
          unusedTokens: 'At most 30 unused tokens per number in 10 minutes: check that the client does not pre-fetch repeatedly',
          dailyLimit: "Check whether the day's limit was reached",
        },
      },
      'operator-unsupported': {
        title: 'The operator does not support this service',
        checks: {
          verifyCmccOnly: 'Number verification supports China Mobile numbers only',
          operatorSwitch: 'Use another method (e.g. an SMS code) for other operators’ numbers',
        },
      },
      network: {
        title: "The user's network could not fetch the number",
        checks: {
          mobileData: 'No mobile data, Wi-Fi only or an unstable network prevents fetching the number',
          simCard: 'No SIM, an IoT card or an unpaid card cannot fetch the number',
          clientSide: "This is on the user's device; nothing to change on the server. If the share jumps, check SDK versions and client changes",
        },
      },
      'user-cancelled': {
        title: 'The user closed the authorization page',
        checks: { notAFault: 'The user cancelled: not an integration fault' },
      },
      unknown: {
        title: 'No triage rule for this code',
        checks: { dictionary: 'See the code dictionary for its meaning' },
      },
    },
    labels: {
      title: 'Failure triage',
      codes: 'Codes',
      causes: 'Likely causes',
      check: 'Check',
      source: 'Source',
      app: 'App',
      whitelist: 'IP whitelist',
      whitelistEmpty: '(empty whitelist)',
      capabilities: 'Capabilities',
      encryption: 'Signing method',
      surge: 'Failure surge',
      surgeText: 'From {start}: {peak} per hour at the peak (about {baseline} before), {failures} in all',
      noSurge: 'No clear surge in the window',
      firstSeen: 'First seen in the window: {at}',
      noFailures: 'No failures with this code in the window',
      changes: 'Recent changes (around the start of the failures)',
      noChanges: 'No app changes around the start of the failures',
      related: 'related to a cause',
      hoursBefore: '{hours} h before',
      hoursAfter: '{hours} h after',
      topApps: 'Apps with the most failures',
      window: 'Window',
      field: 'Field',
      before: 'Before',
      after: 'After',
      activity: 'Activity',
    },
  },
};

/** Fills `{param}` placeholders the way vue-i18n does, for the CLI. */
export function formatTriage(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
