// Return-code table of seed 002 (China Mobile Android SDK 5.9.4 guide), §5 返回码说明, merged across pages.
// The seed prints 200023 (请求超时) twice with the same wording: kept once.
import { defineTable, type CodeTable } from '../types';

const doc = '互联网能力开放平台一键登录 Android SDK 能力接入指南';

export const seed002Sdk = defineTable(
  { source: 'seed002-5', title: '返回码说明', titleEn: 'SDK return codes', documentName: doc, section: '5', operator: 'CMCC', kind: 'sdk' },
  [
    ['103000', '成功', 'Success'],
    ['102101', '无网络', 'No network'],
    ['102102', '网络异常', 'Network error'],
    ['102103', '未开启数据网络', 'Mobile data is off'],
    ['102203', '输入参数错误', 'Invalid input parameters'],
    ['102223', '数据解析异常，一般是卡欠费', 'Data parsing error, usually an account in arrears'],
    ['102507', '登录超时（授权页点登录按钮时）', 'Login timed out (on tapping the login button)'],
    [
      '103101',
      '请求签名错误（若发生在客户端，可能是 appkey 传错，可检查是否跟 appsecret 弄混，或者有空格。若发生在服务端接口，需要检查验签方式是 MD5 还是 RSA，如果是 MD5，则排查 signType 字段，若为 appsecret，需确认是否误用了 appkey 生签。如果是 RSA，需要检查使用的私钥跟报备的公钥是否对应和报文拼接是否符合文档要求。）',
      'Request signature error (client: check the appkey; server: check MD5 or RSA signing)',
    ],
    [
      '103102',
      '包签名错误（社区填写的 appid 和对应的包名包签名必须一致）',
      'Package signature error (appid, package name and signature must match the registration)',
    ],
    ['103111', '网关 IP 错误（检查是否开了 vpn 或者境外 ip）', 'Gateway IP error (check for a VPN or an overseas IP)'],
    ['103119', 'appid 不存在（检查传的 appid 是否正确或是否有空格）', 'appid does not exist (check the value and stray spaces)'],
    [
      '103211',
      '其他错误，（常见于报文格式不对，先请检查是否符合这三个要求：a、json 形式的报文交互必须是标准的 json 格式；b、发送时请设置 content type 为 application/json；c、参数类型都是 String。如有需要请联系 qq 群 609994083 内的移动认证开发）',
      'Other error (usually a malformed message: standard JSON, application/json, all parameters strings)',
    ],
    ['103412', '无效的请求（1.加密方式错误；2.非 json 格式；3.空请求等）', 'Invalid request (wrong encryption, not JSON, empty request, etc.)'],
    ['103414', '参数校验异常', 'Parameter validation error'],
    ['103511', '服务器 ip 白名单校验失败', 'Server IP whitelist check failed'],
    ['103811', 'token 为空', 'Token is empty'],
    ['103902', 'scrip 失效（客户端高频调用请求 token 接口）', 'scrip expired (client requests tokens too often)'],
    ['103911', 'token 请求过于频繁，10 分钟内获取 token 且未使用的数量不超过 30 个', 'Too many token requests: at most 30 unused tokens within 10 minutes'],
    ['104201', 'token 已失效或不存在（重复校验或失效）', 'Token expired or not found (validated twice or expired)'],
    ['105001', '联通取号失败', 'China Unicom number retrieval failed'],
    ['105002', '移动取号失败（一般是物联网卡）', 'China Mobile number retrieval failed (usually an IoT card)'],
    ['105003', '电信取号失败', 'China Telecom number retrieval failed'],
    ['105012', '不支持电信取号', 'China Telecom number retrieval not supported'],
    ['105013', '不支持联通取号', 'China Unicom number retrieval not supported'],
    [
      '105018',
      'token 权限不足 (使用了本机号码校验的 token 获取号码)',
      'Insufficient token permission (a number-verification token was used to get the number)',
    ],
    ['105019', '应用未授权 (未在开发者社区勾选能力)', 'App not authorized (capability not selected in the developer community)'],
    ['105021', '当天已达取号限额', 'Daily number retrieval quota reached'],
    ['105302', 'appid 不在白名单', 'appid not in whitelist'],
    ['105312', '余量不足 (体验版到期或套餐用完)', 'Insufficient balance (trial expired or package used up)'],
    ['105313', '非法请求', 'Illegal request'],
    ['200002', '用户未安装 sim 卡', 'No SIM card installed'],
    ['200010', '无法识别 sim 卡或没有 sim 卡', 'SIM card not recognised or missing'],
    ['200023', '请求超时', 'Request timed out'],
    ['200005', '用户未授权 (READ_PHONE_STATE)', 'Permission not granted (READ_PHONE_STATE)'],
    ['200020', '授权页关闭', 'Authorization page closed'],
    ['200021', '数据解析异常 (一般是卡欠费)', 'Data parsing error (usually an account in arrears)'],
    ['200022', '无网络', 'No network'],
    ['200024', '数据网络切换失败', 'Switching to mobile data failed'],
    ['200025', '其他错误 (socket、系统未授权数据蜂窝权限等, 如需要协助, 请加入 qq 群发问)', 'Other error (socket, cellular data permission not granted, etc.)'],
    ['200026', '输入参数错误', 'Invalid input parameters'],
    ['200027', '未开启数据网络或网络不稳定', 'Mobile data off or network unstable'],
    ['200028', '网络异常', 'Network error'],
    ['200038', '异网取号网络请求失败', 'Cross-carrier number retrieval request failed'],
    ['200039', '异网取号网关取号失败', 'Cross-carrier gateway number retrieval failed'],
    ['200040', 'UI 资源加载异常', 'UI resource loading error'],
    ['200050', 'EOF 异常', 'EOF exception'],
    ['200072', 'CA 根证书校验失败', 'CA root certificate verification failed'],
    ['200080', '本机号码校验仅支持移动手机号', 'Number verification supports China Mobile numbers only'],
    ['200082', '服务器繁忙', 'Server busy'],
    ['200087', '授权页成功调起', 'Authorization page opened successfully'],
  ],
);

export const seed002Tables: readonly CodeTable[] = [seed002Sdk];
