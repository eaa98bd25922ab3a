/**
 * Field-level validation messages in Chinese and English, keyed by issue code. The texts use
 * vue-i18n's `{param}` placeholders so the renderer merges them into its message tree as they
 * are, while the service formats them itself for error bodies and the CLI.
 */
import type { AppField, FieldIssue, IssueCode } from './validation';

export const appLocales = ['zh-CN', 'en-US'] as const;
export type AppLocale = (typeof appLocales)[number];

export const validationMessages: Record<AppLocale, Record<IssueCode, string>> = {
  'zh-CN': {
    required: '此项为必填项',
    tooLong: '不能超过 {max} 个字符',
    invalidChars: '不能包含换行或控制字符',
    nameTaken: '应用名称已被使用，请稍加修改',
    typeMismatch: '创建类型与应用平台不符',
    notApplicable: '{platform} 应用不填写此项',
    notModifiable: '该字段提交后不可修改（如需更改包名、签名或 Bundle ID，请克隆为新应用）',
    packageName: 'Android 包名格式不正确，例如 com.example.app',
    packageSignature: '应用签名应为 32 位十六进制字符（去掉冒号的 MD5）',
    bundleId: 'Bundle ID 格式不正确，例如 com.example.app',
    origin: '“{entry}”不是有效的 http(s) 来源（形如 https://www.example.com）',
    originsMax: '请求来源最多 {max} 个',
    ipEntry: '“{entry}”不是有效的 IP：可填写 IPv4/IPv6 地址、CIDR 网段（如 10.0.0.0/24）或起止网段（如 10.0.0.1-10.0.0.99）',
    ipWildcard: '“{entry}”：不支持通配符（*），请写成 CIDR 网段，如 10.0.0.0/24',
    ipMask: '“{entry}”：不支持点分子网掩码，请写成前缀长度，如 10.0.0.0/24',
    ipPort: '“{entry}”：白名单只填 IP，不带端口',
    ipZone: '“{entry}”：不支持 IPv6 区域标识（%…），它只在本机有意义',
    ipPrefix: '“{entry}”：前缀长度超出范围（IPv4 为 0–32，IPv6 为 0–128）',
    ipRange: '“{entry}”：起止网段须两端都写完整地址、同为 IPv4 或 IPv6，且起始不大于结束，如 10.0.0.1-10.0.0.99',
    ipLeadingZero: '“{entry}”：各段不能有前导零（如 010），以免被当作八进制',
    ipTotal: 'IP 白名单总长度 {length} 字符，超过上限 {max}',
    rsaRequired: '加密方式为 RSA 时必须填写 RSA 公钥',
    rsaNotPem: '请粘贴 PEM 格式公钥（以 -----BEGIN PUBLIC KEY----- 开头）',
    rsaBadKey: '公钥内容无法解析，请检查是否完整复制',
    rsaNotRsa: '不是 RSA 公钥',
    rsaTooShort: 'RSA 公钥长度不足 {min} 位',
    rsaTooLong: 'RSA 公钥长度超过 {max} 位',
    rsaBadExponent: 'RSA 公钥的指数无效',
    logoFormat: '无法读取图片，请重新上传',
    logoType: 'Logo 仅支持 PNG 或 JPEG 图片',
    logoSize: 'Logo 不能超过 {maxKb} KB',
    capabilities: '请至少选择一项能力',
  },
  'en-US': {
    required: 'This field is required',
    tooLong: 'At most {max} characters',
    invalidChars: 'Line breaks and control characters are not allowed',
    nameTaken: 'This app name is already in use; please change it slightly',
    typeMismatch: 'The app type does not match the platform',
    notApplicable: 'Not used by {platform} apps',
    notModifiable: 'This field cannot be changed after submission (clone the app to change package, signature or bundle id)',
    packageName: 'Not a valid Android package name, e.g. com.example.app',
    packageSignature: 'The signature must be 32 hex characters (the MD5 without colons)',
    bundleId: 'Not a valid bundle id, e.g. com.example.app',
    origin: '"{entry}" is not an http(s) origin (like https://www.example.com)',
    originsMax: 'At most {max} request origins',
    ipEntry: '"{entry}" is not a valid IP: enter an IPv4/IPv6 address, a CIDR segment (e.g. 10.0.0.0/24) or a from-to segment (e.g. 10.0.0.1-10.0.0.99)',
    ipWildcard: '"{entry}": wildcards (*) are not accepted; write a CIDR segment such as 10.0.0.0/24',
    ipMask: '"{entry}": dotted netmasks are not accepted; write a prefix length such as 10.0.0.0/24',
    ipPort: '"{entry}": the whitelist takes IPs only, without a port',
    ipZone: '"{entry}": IPv6 zone ids (%…) are not accepted; they mean something on one host only',
    ipPrefix: '"{entry}": the prefix length is out of range (0–32 for IPv4, 0–128 for IPv6)',
    ipRange: '"{entry}": a from-to segment needs both ends written in full, of the same family, the first not above the second, e.g. 10.0.0.1-10.0.0.99',
    ipLeadingZero: '"{entry}": no leading zeros in a part (such as 010): some tools read them as octal',
    ipTotal: 'The IP whitelist is {length} characters long; the limit is {max}',
    rsaRequired: 'An RSA public key is required when encryption is RSA',
    rsaNotPem: 'Paste a PEM public key (starting with -----BEGIN PUBLIC KEY-----)',
    rsaBadKey: 'The public key does not parse; check that it was copied completely',
    rsaNotRsa: 'Not an RSA public key',
    rsaTooShort: 'The RSA key is shorter than {min} bits',
    rsaTooLong: 'The RSA key is longer than {max} bits',
    rsaBadExponent: 'The RSA key has an invalid exponent',
    logoFormat: 'The image could not be read; upload it again',
    logoType: 'The logo must be a PNG or JPEG image',
    logoSize: 'The logo must be at most {maxKb} KB',
    capabilities: 'Choose at least one capability',
  },
};

export function formatIssue(issue: FieldIssue, locale: AppLocale = 'zh-CN'): string {
  const text = validationMessages[locale][issue.code];
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (issue.params && k in issue.params ? String(issue.params[k]) : m));
}

/** `{ field: message }` as carried by VALIDATION_FAILED errors (first issue per field). */
export function issuesToFields(issues: readonly FieldIssue[], locale: AppLocale = 'zh-CN'): Partial<Record<AppField, string>> {
  const out: Partial<Record<AppField, string>> = {};
  for (const i of issues) out[i.field] ??= formatIssue(i, locale);
  return out;
}
