/**
 * The console's connection to Alibaba Cloud 号码认证服务 (dypns 2017-05-25), through the official
 * SDK only (it signs, the console never does). Responses are checked with schemas before use;
 * errors are mapped for people (errors.ts); throttling and server errors are retried with the
 * platform client's jittered backoff, each try a fresh SDK call (new nonce and date).
 */
import * as z from 'zod';
import { ApiError } from '../../../../../shared/contract/errors';
import type { Capability } from '../../../../../shared/platform/domain';
import { parseYuan } from '../../../../../shared/money/mills';
import { isDate } from '../../../../../shared/time/shanghai';
import { TransientError } from '../../platform/errors';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from '../../platform/retry';
import { billingAuthType, capabilityOfItemName, statisticAuthType } from './authentication-type';
import { envelopeError, mapAliyunError } from './errors';
import { Dypns, type DypnsClient } from './sdk-module';

export const DEFAULT_ALIYUN_ENDPOINT = 'dypnsapi.aliyuncs.com';

export interface AliyunConnection {
  /** HOST[:PORT], no scheme. */
  endpoint: string;
  protocol: 'http' | 'https';
  accessKeyId: string;
  accessKeySecret: string;
  regionId?: string;
}

export interface AliyunClientOptions {
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
  readTimeoutMs?: number;
}

export interface DayStatistic {
  date: string;
  success: number;
  fail: number;
  unknown: number;
}

export interface BillingLine {
  sceneCode: string;
  sceneName: string;
  appName: string;
  itemName: string;
  capability: Capability | null;
  add: number;
  singlePrice: string;
  amount: string;
}

const count = z.number().int().nonnegative();
const statsSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  requestId: z.string().optional(),
  data: z
    .object({
      dayStatistic: z.array(z.object({ statisticDateStr: z.string().regex(/^\d{8}$/), totalSuccess: count, totalFail: count, totalUnknown: count })).optional(),
    })
    .optional(),
});
const decimal = z.string().refine((s) => {
  try {
    parseYuan(s);
    return true;
  } catch {
    return false;
  }
}, 'a decimal amount');
const billingSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  requestId: z.string().optional(),
  data: z
    .object({
      amountSum: decimal.optional(),
      sceneBillingList: z
        .array(
          z.object({
            add: z.string().regex(/^\d{1,15}$/),
            singlePrice: decimal,
            amount: decimal,
            itemName: z.string().default(''),
            sceneCode: z.string().min(1),
            appName: z.string().default(''),
            sceneName: z.string().default(''),
          }),
        )
        .optional(),
    })
    .optional(),
});
const envelope = z.object({ code: z.string(), message: z.string().optional(), requestId: z.string().optional() });

function yyyymmdd(date: string): string {
  if (!isDate(date)) throw new ApiError('INVALID_INPUT', `not a date: ${date}`);
  return date.replace(/-/g, '');
}

/** `https://host:port/` or `host:port` → host:port, refusing paths and other schemes. */
export function normaliseAliyunEndpoint(raw: string): string {
  const s = raw
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(s))
    throw new ApiError('INVALID_INPUT', `not an endpoint HOST[:PORT]: ${JSON.stringify(raw).slice(0, 100)}`, { fields: { endpoint: 'invalid' } });
  return s.toLowerCase();
}

export class AliyunDypnsClient {
  private readonly sdk: DypnsClient;
  private readonly retry: RetryPolicy;

  constructor(
    readonly connection: AliyunConnection,
    private readonly options: AliyunClientOptions = {},
  ) {
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    const config = new Dypns.Config({
      accessKeyId: connection.accessKeyId,
      accessKeySecret: connection.accessKeySecret,
      endpoint: normaliseAliyunEndpoint(connection.endpoint),
      protocol: connection.protocol,
      ...(connection.regionId ? { regionId: connection.regionId } : {}),
      readTimeout: options.readTimeoutMs ?? 15_000,
      connectTimeout: 5_000,
    });
    this.sdk = new Dypns.Client(config);
  }

  /** `idempotent: false` retries only throttling (refused before anything happened), not timeouts or 5xx. */
  private async call<T>(action: string, run: () => Promise<{ body?: unknown }>, schema: z.ZodType<T>, signal?: AbortSignal, idempotent = true): Promise<T> {
    const ctx = { action, accessKeyId: this.connection.accessKeyId, endpoint: this.connection.endpoint };
    return withRetries(
      this.retry,
      async () => {
        let res: { body?: unknown };
        try {
          res = await run();
        } catch (e) {
          const mapped = mapAliyunError(e, ctx);
          if (mapped instanceof TransientError && !idempotent && mapped.reason !== 'throttled') throw mapped.final;
          throw mapped;
        }
        const body = schema.safeParse(res.body);
        if (!body.success) {
          const env = envelope.safeParse(res.body);
          if (env.success && env.data.code !== 'OK') throw envelopeError(action, env.data);
          throw new ApiError(
            'PLATFORM_ERROR',
            `Alibaba Cloud ${action}: unexpected response (${body.error.issues[0]?.path.join('.')}: ${body.error.issues[0]?.message})`,
          );
        }
        const env = body.data as { code: string; message?: string; requestId?: string };
        if (env.code !== 'OK') throw envelopeError(action, env);
        return body.data;
      },
      {
        ...(this.options.random ? { random: this.options.random } : {}),
        ...(signal ? { signal } : {}),
        ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
      },
    );
  }

  /** Daily success / fail / unknown of one capability over [startDate, endDate] (Shanghai dates). */
  async dailyStatistics(
    q: { capability: Capability; startDate: string; endDate: string; sceneCode?: string; osType?: 'Android' | 'iOS' },
    signal?: AbortSignal,
  ): Promise<DayStatistic[]> {
    const req = new Dypns.models.QueryGateVerifyStatisticPublicRequest({
      authenticationType: statisticAuthType(q.capability),
      startDate: yyyymmdd(q.startDate),
      endDate: yyyymmdd(q.endDate),
      ...(q.sceneCode ? { sceneCode: q.sceneCode } : {}),
      ...(q.osType ? { osType: q.osType } : {}),
    });
    const body = await this.call('QueryGateVerifyStatisticPublic', () => this.sdk.queryGateVerifyStatisticPublic(req), statsSchema, signal);
    return (body.data?.dayStatistic ?? []).map((d) => ({
      date: `${d.statisticDateStr.slice(0, 4)}-${d.statisticDateStr.slice(4, 6)}-${d.statisticDateStr.slice(6)}`,
      success: d.totalSuccess,
      fail: d.totalFail,
      unknown: d.totalUnknown,
    }));
  }

  /** A month's billing lines (YYYY-MM) for one capability or all. */
  async billing(month: string, scope: Capability | 'all', signal?: AbortSignal): Promise<{ amountSum: string | null; lines: BillingLine[] }> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiError('INVALID_INPUT', `not a month: ${month}`);
    const req = new Dypns.models.QueryGateVerifyBillingPublicRequest({ month: month.replace('-', ''), authenticationType: billingAuthType(scope) });
    const body = await this.call('QueryGateVerifyBillingPublic', () => this.sdk.queryGateVerifyBillingPublic(req), billingSchema, signal);
    return {
      amountSum: body.data?.amountSum ?? null,
      lines: (body.data?.sceneBillingList ?? []).map((l) => ({
        sceneCode: l.sceneCode,
        sceneName: l.sceneName,
        appName: l.appName,
        itemName: l.itemName,
        capability: capabilityOfItemName(l.itemName),
        add: Number(l.add),
        singlePrice: l.singlePrice,
        amount: l.amount,
      })),
    };
  }

  async createScheme(
    input: { schemeName: string; appName: string; osType: 'Android' | 'iOS'; packName?: string; packSign?: string; bundleId?: string; email?: string },
    signal?: AbortSignal,
  ): Promise<string> {
    const req = new Dypns.models.CreateVerifySchemeRequest({ ...input });
    const schema = envelope.extend({ gateVerifySchemeDTO: z.object({ schemeCode: z.string().min(1) }).optional() });
    // Not idempotent: a throttled try created nothing and is retried, a timed-out one may have and is not.
    const body = await this.call('CreateVerifyScheme', () => this.sdk.createVerifyScheme(req), schema, signal, false);
    if (!body.gateVerifySchemeDTO) throw new ApiError('PLATFORM_ERROR', 'Alibaba Cloud CreateVerifyScheme: no SchemeCode in the answer');
    return body.gateVerifySchemeDTO.schemeCode;
  }

  async describeScheme(schemeCode: string, signal?: AbortSignal): Promise<{ schemeCode: string; appEncryptInfo: string | null }> {
    const req = new Dypns.models.DescribeVerifySchemeRequest({ schemeCode });
    const schema = envelope.extend({ schemeQueryResultDTO: z.object({ appEncryptInfo: z.string().optional() }).optional() });
    const body = await this.call('DescribeVerifyScheme', () => this.sdk.describeVerifyScheme(req), schema, signal);
    return { schemeCode, appEncryptInfo: body.schemeQueryResultDTO?.appEncryptInfo ?? null };
  }

  async deleteScheme(schemeCode: string, signal?: AbortSignal): Promise<boolean> {
    const req = new Dypns.models.DeleteVerifySchemeRequest({ schemeCode });
    const body = await this.call('DeleteVerifyScheme', () => this.sdk.deleteVerifyScheme(req), envelope.extend({ result: z.boolean().optional() }), signal);
    return body.result ?? true;
  }
}
