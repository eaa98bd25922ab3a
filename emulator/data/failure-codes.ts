/**
 * The return codes the emulator draws failures from, transcribed from the seeds with their
 * Chinese descriptions, plus how often each shows up. A record's `resultCode` is a platform
 * server code (seed 000 §4.8); its `carrierCode` is the carrier's own code (seed 000 §4.6,
 * seed 001 §8.2) or, for China Mobile's number verification, the tokenValidate result code
 * (seed 003 §4.3). The weights are ours: a plausible mix in which network-side 取号失败
 * dominates, token problems follow and client mistakes are rare.
 */
import type { Capability, Operator } from '../../shared/platform/domain';

export interface CodeText {
  code: string;
  description: string;
  /** Where the row was transcribed from. */
  source: string;
}

/** Platform server codes (seed 000 §4.8 一键登录服务端返回码), all of them. */
export const SERVER_CODES: Readonly<Record<string, CodeText>> = Object.freeze(
  Object.fromEntries(
    (
      [
        ['200', 'Success'],
        ['10101', '应用标识不能为空'],
        ['10102', '运营商类型不能为空'],
        ['10103', '浏览器加密指纹不能为空'],
        ['10104', '业务凭证信息不能为空'],
        ['10105', 'Token 校验失败'],
        ['10106', 'Token 已被使用'],
        ['10107', '校验码不能为空'],
        ['10201', '应用正在审核中!'],
        ['10202', '应用标识不存在!'],
        ['10301', '该应用一键登录能力无资源!'],
        ['10302', '该应用一键登录能力已退订!'],
        ['10303', '该应用一键登录能力资源包用尽!'],
        ['10304', '该应用一键登录能力资源包到期!'],
        ['10500', '取号失败'],
      ] as const
    ).map(([code, description]) => [code, { code, description, source: 'seed 000 §4.8' }]),
  ),
);

const row = (code: string, description: string, source: string): CodeText => ({ code, description, source });

const S000_CMCC = 'seed 000 §4.6.1';
const S000_CUCC = 'seed 000 §4.6.2';
const S000_CTCC = 'seed 000 §4.6.3';
const S001_CMCC = 'seed 001 §8.2.1';
const S001_CTCC = 'seed 001 §8.2.2';
const S001_CUCC = 'seed 001 §8.2.3';
const S003_VERIFY = 'seed 003 §4.3';

/** A server code with the carrier codes that accompany it, per operator; null = no carrier code. */
type CarrierMix = readonly (readonly [CodeText | null, number])[];

/** 取号失败 (10500): the network could not produce the number. */
const NUMBER_FETCH_FAILED: Record<Operator, CarrierMix> = {
  CMCC: [
    [row('105002', '移动取号失败', S000_CMCC), 30],
    [row('200023', '请求超时', S000_CMCC), 14],
    [row('200027', '未开启数据网络', S000_CMCC), 14],
    [row('200022', '无网络', S000_CMCC), 8],
    [row('200020', '用户取消登录', S000_CMCC), 10],
    [row('200028', '网络请求出错', S000_CMCC), 6],
    [row('200038', '异网取号网络请求失败', S000_CMCC), 4],
    [row('200024', '数据网络切换失败', S001_CMCC), 4],
    [row('102102', '网络异常', S001_CMCC), 3],
    [row('200048', '用户未安装 sim 卡', S000_CMCC), 2],
    [row('200050', 'EOF 异常', S000_CMCC), 1],
    [row('200082', '服务器繁忙', S000_CMCC), 2],
    [row('105021', '已达取号限额', S000_CMCC), 1],
  ],
  CUCC: [
    [row('3010', '取号失败', S000_CUCC), 24],
    [row('3004', 'NET 取号失败', S000_CUCC), 16],
    [row('3005', '上网方式为 wifi, 无法取号', S000_CUCC), 16],
    [row('3003', '本网执行取号失败, 不需要重定向', S000_CUCC), 8],
    [row('3002', '跳转异网取号', S000_CUCC), 5],
    [row('3007', '请求认证接口异常', S000_CUCC), 6],
    [row('3012', '网关取号失败', S001_CUCC), 8],
    [row('3008', 'imsi取号失败', S001_CUCC), 4],
    [row('3009', '非联通号码', S001_CUCC), 3],
    [row('500', '内部错误', S000_CUCC), 2],
  ],
  CTCC: [
    [row('10001', '取号失败', S000_CTCC), 24],
    [row('10006', 'Mdn 取号失败, 且属于电信网络', S000_CTCC), 10],
    [row('80000', '请求超时', S000_CTCC), 12],
    [row('80001', '请求网络异常', S000_CTCC), 8],
    [row('80003', '无网络连接', S000_CTCC), 6],
    [row('80004', '移动网络未开启', S000_CTCC), 10],
    [row('80005', 'socket 超时异常', S000_CTCC), 4],
    [row('80200', '用户关闭界面', S000_CTCC), 8],
    [row('80800', 'wifi 切换异常', S000_CTCC), 4],
    [row('10008', '超过预设取号阈值', S000_CTCC), 2],
    [row('51114', '取号失败', S001_CTCC), 4],
  ],
};

/** Token 校验失败 (10105): signature, IP or token rejected by the carrier. */
const TOKEN_CHECK_FAILED: Record<Operator, CarrierMix> = {
  CMCC: [
    [row('104201', '无效的 token', S000_CMCC), 40],
    [row('103101', '请求签名错误', S000_CMCC), 12],
    [row('103111', '网关 ip 错误', S000_CMCC), 8],
    [row('103102', '包签名/BundleID 错误', S000_CMCC), 6],
    [row('105302', 'appid 不在白名单', S000_CMCC), 4],
    [row('105313', '非法请求', S000_CMCC), 3],
    [row('103211', '其他错误', S000_CMCC), 5],
    [row('103902', 'scrip失效', S001_CMCC), 4],
  ],
  CUCC: [
    [row('200', 'token 无效', S000_CUCC), 30],
    [row('201', 'token 已失效', S000_CUCC), 20],
    [row('202', 'token 未授权该应用访问', S000_CUCC), 6],
    [row('1002', '验签失败', S000_CUCC), 10],
    [row('1001', '请求已失效', S000_CUCC), 6],
    [row('103', '应用未授权 ip 访问', S000_CUCC), 5],
    [row('101', '应用密钥错误', S000_CUCC), 3],
    [row('105', '应用包名不正确', S001_CUCC), 3],
  ],
  CTCC: [
    [row('20005', '签名错误', S000_CTCC), 20],
    [row('10009', '时间戳过期', S000_CTCC), 14],
    [row('10003', '解密失败', S000_CTCC), 12],
    [row('10004', 'IP 受限', S000_CTCC), 8],
    [row('20102', '加密参数解析失败', S000_CTCC), 6],
    [row('30001', '时间戳非法', S000_CTCC), 4],
    [row('30003', 'topClass 失效', S000_CTCC), 4],
  ],
};

/** Token 已被使用 (10106): the same token presented twice. */
const TOKEN_USED: Record<Operator, CarrierMix> = {
  CMCC: [[row('104201', '无效的 token', S000_CMCC), 1]],
  CUCC: [[row('201', 'token 已失效', S000_CUCC), 1]],
  CTCC: [[null, 1]],
};

/** China Mobile's number verification answers with its own tokenValidate codes (seed 003 §4.3). */
const CMCC_VERIFY_FETCH_FAILED: CarrierMix = [
  [row('002', '取号失败', S003_VERIFY), 60],
  [row('003', '调用内部token校验接口失败', S003_VERIFY), 15],
  [row('999', '系统异常', S003_VERIFY), 5],
];
const CMCC_VERIFY_TOKEN_FAILED: CarrierMix = [
  [row('606', '验证Token失败', S003_VERIFY), 60],
  [row('302', 'sign校验失败', S003_VERIFY), 20],
  [row('124', '白名单校验失败', S003_VERIFY), 10],
  [row('004', '加密手机号码错误', S003_VERIFY), 10],
];

export interface FailureKind {
  serverCode: string;
  weight: number;
  /** Only drawn for these app platforms (浏览器加密指纹 is an H5 matter). */
  platforms?: readonly ('android' | 'ios' | 'h5')[];
  /** Only drawn for this capability (校验码 belongs to number verification). */
  capability?: Capability;
  carriers(operator: Operator, capability: Capability): CarrierMix;
}

const NO_CARRIER: CarrierMix = [[null, 1]];

/** Which server codes failures carry, and how often (relative weights). */
export const FAILURE_KINDS: readonly FailureKind[] = [
  { serverCode: '10500', weight: 56, carriers: (op, cap) => (cap === 'verify' && op === 'CMCC' ? CMCC_VERIFY_FETCH_FAILED : NUMBER_FETCH_FAILED[op]) },
  { serverCode: '10105', weight: 22, carriers: (op, cap) => (cap === 'verify' && op === 'CMCC' ? CMCC_VERIFY_TOKEN_FAILED : TOKEN_CHECK_FAILED[op]) },
  { serverCode: '10106', weight: 8, carriers: (op) => TOKEN_USED[op] },
  { serverCode: '10104', weight: 4, carriers: () => NO_CARRIER },
  { serverCode: '10102', weight: 2, carriers: () => NO_CARRIER },
  { serverCode: '10103', weight: 4, platforms: ['h5'], carriers: () => NO_CARRIER },
  { serverCode: '10107', weight: 3, capability: 'verify', carriers: () => NO_CARRIER },
  { serverCode: '10101', weight: 1, carriers: () => NO_CARRIER },
  { serverCode: '10202', weight: 1, carriers: () => NO_CARRIER },
];

/** Codes the gateway endpoints of the emulator answer with (seed 003 §4.2/§4.3, seed 002 §5), for its own records. */
export const GATEWAY_CODES = {
  loginSuccess: row('103000', '返回成功', 'seed 003 §4.2'),
  signatureInvalid: row('103101', '签名错误', 'seed 003 §4.2'),
  msgidReused: row('103107', '已存在相同的随机数', 'seed 003 §4.2'),
  appidUnknown: row('103119', 'appid不存在', 'seed 003 §4.2'),
  invalidRequest: row('103412', '无效的请求', 'seed 003 §4.2'),
  paramCheckFailed: row('103414', '参数效验异常', 'seed 003 §4.2'),
  sourceIpInvalid: row('103511', '源IP不合法', 'seed 003 §4.2'),
  tokenEmpty: row('103811', 'token为空', 'seed 003 §4.2'),
  tokenTooFrequent: row('103911', 'token 请求过于频繁, 10 分钟内获取 token 且未使用的数量不能超过 30 个', 'seed 000 §4.6.1'),
  tokenInvalid: row('104201', '凭证已失效或不存在', 'seed 003 §4.2'),
  tokenPermission: row('105018', '用户权限不够', 'seed 003 §4.2'),
  appNotAuthorized: row('105019', '应用未授权', 'seed 003 §4.2'),
  // resultDesc as in the response example of seeds/003 §3.2.4 (the §4.3 table adds "（纳入计费次数）").
  verifyMatch: row('000', '是本机号码', 'seed 003 §3.2.4'),
  verifyMismatch: row('001', '非本机号码', 'seed 003 §3.2.4'),
  verifyParamInvalid: row('102', '参数无效', 'seed 003 §4.3'),
  verifyWhitelist: row('124', '白名单校验失败', 'seed 003 §4.3'),
  verifySign: row('302', 'sign校验失败', 'seed 003 §4.3'),
  verifyParse: row('303', '参数解析错误', 'seed 003 §4.3'),
  verifyToken: row('606', '验证Token失败', 'seed 003 §4.3'),
} as const;
