/**
 * The Alibaba Cloud face of the emulator: 号码认证服务 (dypns, API version 2017-05-25) on its
 * own loopback port, reachable by the official SDK with `protocol: 'http'` and
 * `endpoint: '127.0.0.1:PORT'`. It checks requests as the cloud gateway does (ACS3 signature,
 * body hash, x-acs-date within 15 minutes, nonce used once, RAM-like per-key actions, per-key
 * rate limit) and answers with Alibaba's envelopes. See emulator/API.md, "Alibaba Cloud face".
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addDays, isDate, shanghaiDate } from '../../shared/time/shanghai';
import { ACS3_DATE_SKEW_MS, acs3Signature, canonicalRequest, parseAuthorization, sha256Hex, signaturesEqual } from '../../shared/providers/acs3';
import { planAliyunDrift, monthsBetween, type AliyunDriftTarget } from './drift';
import { aliyunActions, aliyunKeys, type AliyunAction, type AliyunKey } from './keys';
import {
  dayCounts,
  lineAmount,
  monthLines,
  monthUnitPrice,
  priceString,
  seededSchemes,
  type BillingType,
  type Scheme,
  type StatType,
  type TrafficConfig,
} from './traffic';

export const ALIYUN_VERSION = '2017-05-25';
/** x-acs-date may differ from the emulator's clock by at most this much (Alibaba: 15 minutes). */
export const MAX_DATE_SKEW_MS = ACS3_DATE_SKEW_MS;
/** Longest StartDate..EndDate range one statistics call answers (the connector windows by month). */
export const MAX_STAT_DAYS = 31;
const MAX_BODY = 64 * 1024;

export interface AliyunFaceOptions {
  seed: number;
  /** First day of traffic (Shanghai). */
  start: string;
  schemes: number;
  daily: number;
  drift: number;
  /** Requests per second per key before Throttling.User (Alibaba documents 500). */
  qps: number;
  now: () => number;
  host: string;
  port: number;
}

export interface AliyunFace {
  endpoint: string;
  port: number;
  keys: AliyunKey[];
  /** All schemes, seeded and created (deleted ones flagged). */
  schemes(): Scheme[];
  /** The billing lines --drift made wrong. */
  drift(): (AliyunDriftTarget & { truth: number; served: number })[];
  /** The next n authenticated requests are refused with Throttling.User (tests of backoff). */
  throttleNext(n: number): void;
  /** Requests refused or answered so far, by action (tests count what the client sent). */
  calls(): Record<string, number>;
  readyInfo(): { endpoint: string; keys: AliyunKey[] };
  close(): Promise<void>;
}

class AliyunError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const YYYYMMDD = /^(\d{4})(\d{2})(\d{2})$/;
function dateParam(name: string, v: string | undefined): string {
  if (v === undefined || v === '') throw new AliyunError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  const m = YYYYMMDD.exec(v);
  const d = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!isDate(d)) throw new AliyunError(400, `InvalidParameter`, `The specified parameter ${name} is not valid: expected YYYYMMDD.`);
  return d;
}

function intParam(name: string, v: string | undefined, allowed: readonly number[]): number {
  if (v === undefined || v === '') throw new AliyunError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  const n = Number(v);
  if (!/^\d+$/.test(v) || !allowed.includes(n))
    throw new AliyunError(400, 'InvalidParameter', `The specified parameter ${name} is not valid: one of ${allowed.join(', ')}.`);
  return n;
}

function requireParam(p: URLSearchParams, name: string, max = 128): string {
  const v = p.get(name);
  if (v === null || v.trim() === '') throw new AliyunError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  if (v.length > max) throw new AliyunError(400, 'InvalidParameter', `The specified parameter ${name} is too long.`);
  return v;
}

export function startAliyunFace(opts: AliyunFaceOptions): Promise<AliyunFace> {
  const keys = aliyunKeys(opts.seed);
  const byId = new Map(keys.map((k) => [k.accessKeyId, k]));
  const schemes = seededSchemes(opts.seed, opts.schemes);
  const traffic: TrafficConfig = { seed: opts.seed, start: opts.start, daily: opts.daily, now: opts.now };
  const today = shanghaiDate(opts.now());
  const driftTargets = planAliyunDrift(opts.seed, monthsBetween(opts.start, today), schemes, opts.drift);
  const driftOf = (month: string, code: string, type: StatType) => driftTargets.find((t) => t.month === month && t.sceneCode === code && t.type === type);
  const nonces = new Map<string, number>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const counts: Record<string, number> = {};
  let forcedThrottles = 0;
  let created = 0;

  function served(month: string) {
    const lines = monthLines(traffic, schemes, month).map((l) => {
      const d = driftOf(month, l.sceneCode, l.type);
      return { ...l, truth: l.add, add: d ? Math.max(0, l.add + d.delta) : l.add };
    });
    // Targets whose true line is empty still appear when drift adds calls (a phantom line).
    for (const t of driftTargets) {
      if (t.month !== month || t.delta <= 0 || lines.some((l) => l.sceneCode === t.sceneCode && l.type === t.type)) continue;
      const s = schemes.find((x) => x.code === t.sceneCode)!;
      lines.push({
        sceneCode: s.code,
        sceneName: s.name,
        appName: s.appName,
        itemName: t.type === 1 ? '一键登录' : '本机号码校验',
        type: t.type,
        add: t.delta,
        truth: 0,
      });
    }
    return lines;
  }

  function takeToken(key: string, now: number): boolean {
    const b = buckets.get(key) ?? { tokens: opts.qps, at: now };
    b.tokens = Math.min(opts.qps, b.tokens + ((now - b.at) / 1000) * opts.qps);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  function authenticate(req: IncomingMessage, path: string, rawQuery: string, body: Buffer, action: AliyunAction): AliyunKey {
    const h = req.headers;
    const auth = parseAuthorization(typeof h.authorization === 'string' ? h.authorization : undefined);
    if (!auth)
      throw new AliyunError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards (Authorization: ACS3-HMAC-SHA256 …).');
    const key = byId.get(auth.accessKeyId);
    if (!key) throw new AliyunError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    for (const need of ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']) {
      if (!auth.signedHeaders.includes(need) || h[need] === undefined)
        throw new AliyunError(400, 'IncompleteSignature', `The request signature must sign the ${need} header.`);
    }
    if ([...auth.signedHeaders].sort().join(';') !== auth.signedHeaders.join(';'))
      throw new AliyunError(400, 'IncompleteSignature', 'SignedHeaders must be sorted.');
    const payloadHash = sha256Hex(body);
    if (h['x-acs-content-sha256'] !== payloadHash) throw new AliyunError(400, 'SignatureDoesNotMatch', 'x-acs-content-sha256 does not match the request body.');
    const canonical = canonicalRequest({ method: req.method ?? '', path, rawQuery, headers: h, payloadHash }, auth.signedHeaders);
    const expected = acs3Signature(key.accessKeySecret, canonical);
    if (!signaturesEqual(expected, auth.signature)) {
      throw new AliyunError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature does not match our calculation. The server string to sign is: ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`,
      );
    }
    const now = opts.now();
    const date = String(h['x-acs-date']);
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(date) ? Date.parse(date) : NaN;
    if (!Number.isFinite(at))
      throw new AliyunError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted (x-acs-date: YYYY-MM-DDThh:mm:ssZ).');
    if (Math.abs(now - at) > MAX_DATE_SKEW_MS) {
      throw new AliyunError(
        400,
        'InvalidTimeStamp.Expired',
        `Specified time stamp or date value is expired. x-acs-date ${date}, server time ${new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z')}.`,
      );
    }
    const nonce = String(h['x-acs-signature-nonce']);
    for (const [n, exp] of nonces) if (exp < now) nonces.delete(n);
    if (nonces.has(`${key.accessKeyId}|${nonce}`)) throw new AliyunError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.set(`${key.accessKeyId}|${nonce}`, now + 2 * MAX_DATE_SKEW_MS);
    if (forcedThrottles > 0 || !takeToken(key.accessKeyId, now)) {
      if (forcedThrottles > 0) forcedThrottles--;
      throw new AliyunError(400, 'Throttling.User', 'Request was denied due to user flow control.');
    }
    if (!key.actions.includes(`dypns:${action}`)) {
      throw new AliyunError(
        403,
        'Forbidden.RAM',
        `User not authorized to operate on the specified resource, or this API doesn't support RAM. Missing permission: dypns:${action}`,
        {
          AccessDeniedDetail: {
            AuthAction: `dypns:${action}`,
            AuthPrincipalType: 'SubUser',
            AuthPrincipalDisplayName: `emulator-${key.role}`,
            PolicyType: 'AccountLevelIdentityBasedPolicy',
            NoPermissionType: 'ImplicitDeny',
          },
        },
      );
    }
    return key;
  }

  function statistics(p: URLSearchParams) {
    const type = intParam('AuthenticationType', p.get('AuthenticationType') ?? undefined, [1, 2, 3, 4]);
    const start = dateParam('StartDate', p.get('StartDate') ?? undefined);
    const end = dateParam('EndDate', p.get('EndDate') ?? undefined);
    if (end < start) throw new AliyunError(400, 'InvalidParameter', 'EndDate is before StartDate.');
    if (addDays(start, MAX_STAT_DAYS - 1) < end) throw new AliyunError(400, 'InvalidParameter', `The date range may span at most ${MAX_STAT_DAYS} days.`);
    const scene = p.get('SceneCode');
    const os = p.get('OsType');
    const picked = schemes.filter((s) => (!scene || s.code === scene) && (!os || s.osType.toLowerCase() === os.toLowerCase()));
    const today = shanghaiDate(opts.now());
    const days = [];
    let tS = 0;
    let tF = 0;
    let tU = 0;
    for (let d = start; d <= end && d <= today; d = addDays(d, 1)) {
      let s = 0;
      let f = 0;
      let u = 0;
      if (type === 1 || type === 2) {
        for (const sc of picked) {
          const c = dayCounts(traffic, sc, d, type);
          s += c.success;
          f += c.fail;
          u += c.unknown;
        }
      }
      tS += s;
      tF += f;
      tU += u;
      days.push({ StatisticDateStr: d.replace(/-/g, ''), TotalSuccess: s, TotalFail: f, TotalUnknown: u });
    }
    return { Code: 'OK', Message: '请求成功', Data: { Total: tS + tF + tU, TotalSuccess: tS, TotalFail: tF, TotalUnknown: tU, DayStatistic: days } };
  }

  function billing(p: URLSearchParams) {
    const type = intParam('AuthenticationType', p.get('AuthenticationType') ?? undefined, [0, 1, 2, 3, 4]) as BillingType | 3 | 4;
    const raw = p.get('Month');
    if (!raw) throw new AliyunError(400, 'MissingMonth', 'Month is mandatory for this action.');
    const m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(raw);
    if (!m) throw new AliyunError(400, 'InvalidParameter', 'The specified parameter Month is not valid: expected YYYYMM.');
    const month = `${m[1]}-${m[2]}`;
    const all = served(month);
    // The tier is decided by the month's whole volume, login and verify together.
    const unit = monthUnitPrice(all.reduce((s, l) => s + l.add, 0));
    const want = (t: StatType) => type === 2 || (type === 0 && t === 2) || (type === 1 && t === 1);
    let sum = 0;
    const list = all
      .filter((l) => want(l.type))
      .map((l) => {
        const a = lineAmount(l.add, unit);
        sum += a.mills;
        return {
          Add: String(l.add),
          SinglePrice: priceString(unit),
          Amount: a.text,
          ItemName: l.itemName,
          SceneCode: l.sceneCode,
          AppName: l.appName,
          SceneName: l.sceneName,
        };
      });
    return { Code: 'OK', Message: 'successful', Data: { AmountSum: lineAmount(sum, 1).text, SceneBillingList: list } };
  }

  function create(p: URLSearchParams) {
    const name = requireParam(p, 'SchemeName', 20);
    const appName = requireParam(p, 'AppName', 20);
    const os = requireParam(p, 'OsType');
    if (os !== 'Android' && os !== 'iOS') throw new AliyunError(400, 'InvalidParameter', 'The specified parameter OsType is not valid: Android or iOS.');
    if (os === 'Android' && (!p.get('PackName') || !p.get('PackSign')))
      throw new AliyunError(400, 'MissingPackName', 'PackName and PackSign are mandatory for an Android scheme.');
    if (os === 'iOS' && !p.get('BundleId')) throw new AliyunError(400, 'MissingBundleId', 'BundleId is mandatory for an iOS scheme.');
    created++;
    const code = `FC2000${String(opts.seed % 1e6).padStart(6, '0')}${String(created).padStart(4, '0')}`;
    schemes.push({ code, name, appName, osType: os, seeded: false, deleted: false });
    return { Code: 'OK', Message: 'OK', Success: true, HttpStatusCode: 200, GateVerifySchemeDTO: { SchemeCode: code } };
  }

  function findScheme(p: URLSearchParams): Scheme | { Code: string; Message: string } {
    const code = requireParam(p, 'SchemeCode', 64);
    const s = schemes.find((x) => x.code === code && !x.deleted);
    return s ?? { Code: 'isv.SCHEME_NOT_EXIST', Message: `The scheme ${code} does not exist.` };
  }

  function describe(p: URLSearchParams) {
    const s = findScheme(p);
    if (!('code' in s)) return s;
    const info = createHmac('sha256', `aliyun-scheme:${opts.seed}`).update(s.code).digest('base64');
    return { Code: 'OK', Message: 'OK', SchemeQueryResultDTO: { AppEncryptInfo: info } };
  }

  function remove(p: URLSearchParams) {
    const s = findScheme(p);
    if (!('code' in s)) return s;
    s.deleted = true;
    return { Code: 'OK', Message: 'OK', Result: true };
  }

  const answer: Record<AliyunAction, (p: URLSearchParams) => object> = {
    QueryGateVerifyStatisticPublic: statistics,
    QueryGateVerifyBillingPublic: billing,
    CreateVerifyScheme: create,
    DescribeVerifyScheme: describe,
    DeleteVerifyScheme: remove,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    const send = (status: number, body: object) => {
      const text = JSON.stringify({ RequestId: requestId, ...body });
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    let action = '';
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of req as AsyncIterable<Buffer>) {
        size += c.length;
        if (size > MAX_BODY) throw new AliyunError(413, 'RequestEntityTooLarge', 'The request body is too large.');
        chunks.push(c);
      }
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const rawQuery = q < 0 ? '' : url.slice(q + 1);
      action = String(req.headers['x-acs-action'] ?? '');
      if (!(aliyunActions as readonly string[]).includes(action))
        throw new AliyunError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      if (req.headers['x-acs-version'] !== ALIYUN_VERSION)
        throw new AliyunError(400, 'InvalidVersion', `Specified parameter Version is not valid: ${ALIYUN_VERSION} expected.`);
      if (req.method !== 'POST' && req.method !== 'GET') throw new AliyunError(405, 'UnsupportedHTTPMethod', 'This action does not support this HTTP method.');
      authenticate(req, path, rawQuery, body, action as AliyunAction);
      const params = new URLSearchParams(rawQuery);
      if (body.length && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
      }
      counts[action] = (counts[action] ?? 0) + 1;
      send(200, answer[action as AliyunAction](params));
    } catch (e) {
      if (action) counts[`${action}:refused`] = (counts[`${action}:refused`] ?? 0) + 1;
      if (e instanceof AliyunError)
        send(e.status, {
          HostId: 'dypnsapi.aliyuncs.com',
          Code: e.code,
          Message: e.message,
          Recommend: `https://api.aliyun.com/troubleshoot?q=${e.code}&product=Dypnsapi`,
          ...e.extra,
        });
      else send(500, { HostId: 'dypnsapi.aliyuncs.com', Code: 'InternalError', Message: 'The request processing has failed due to some unknown error.' });
    }
  }

  return new Promise((resolve, reject) => {
    const server: Server = createServer((req, res) => void handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const port = (server.address() as AddressInfo).port;
      const endpoint = `${opts.host}:${port}`;
      resolve({
        endpoint,
        port,
        keys: keys.map((k) => ({ ...k, actions: [...k.actions] })),
        schemes: () => schemes.map((s) => ({ ...s })),
        drift: () =>
          driftTargets.map((t) => {
            const line = served(t.month).find((l) => l.sceneCode === t.sceneCode && l.type === t.type);
            return { ...t, truth: line?.truth ?? 0, served: line?.add ?? 0 };
          }),
        throttleNext: (n) => {
          forcedThrottles = n;
        },
        calls: () => ({ ...counts }),
        readyInfo: () => ({
          endpoint,
          keys: keys.map((k) => ({ role: k.role, accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret, actions: [...k.actions] })),
        }),
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
