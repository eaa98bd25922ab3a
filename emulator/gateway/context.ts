/** What the gateway endpoints work with. */
import type { PlatformApp } from '../../shared/platform/schemas';
import { isBillable, maskPhone, type Capability, type Operator, type VerifyOutcome } from '../../shared/platform/domain';
import { toShanghaiIso } from '../../shared/time/shanghai';
import { SERVER_CODES } from '../data/failure-codes';
import { asciiJson } from '../feed/byte-writer';
import type { ExplicitRecord, Feed } from '../feed/feed';
import type { AppsStore } from '../state/apps-store';
import { hex8, type IdIssuer } from '../state/ids';
import type { MsgIdGuard } from './msgid-guard';
import type { TokenStore } from './tokens';

export interface GatewayContext {
  store: AppsStore;
  tokens: TokenStore;
  /** loginTokenValidate msgids seen lately (replay guard). */
  msgids: MsgIdGuard;
  feed: Feed;
  ids: IdIssuer;
  now(): number;
  /** Catches live traffic up to now, so a gateway record's seq follows earlier live records. */
  beforeAppend(): void;
}

export interface GatewayCall {
  app: PlatformApp;
  capability: Capability;
  operator: Operator;
  clientIp: string;
  /** Platform server code (seed 000 §4.8). */
  resultCode: string;
  carrierCode: string | null;
  description: string;
  success: boolean;
  outcome: VerifyOutcome | null;
  phone: string | null;
  authType: string | null;
}

/** yyyyMMddHHmmssSSS in Shanghai time: the carriers' 17-digit systemtime. */
export function systemTime17(ms: number): string {
  return toShanghaiIso(ms)
    .slice(0, 23)
    .replace(/[-T:.]/g, '');
}

/** A failed call's server code and the carrier code answered, for its record. */
export function failure(
  serverCode: string,
  carrier: { code: string; description: string } | null,
): Pick<GatewayCall, 'resultCode' | 'carrierCode' | 'description' | 'success'> {
  return {
    resultCode: serverCode,
    carrierCode: carrier?.code ?? null,
    description: carrier?.description ?? SERVER_CODES[serverCode]!.description,
    success: false,
  };
}

/** Appends the record of a gateway call to the feed (platform-api §4: every call is recorded). */
export function recordCall(ctx: GatewayContext, call: GatewayCall): ExplicitRecord {
  ctx.beforeAppend();
  const timeMs = ctx.now();
  const ids = ctx.ids;
  return ctx.feed.appendExplicit((seq) => {
    const outcome = call.capability === 'verify' ? (call.success ? call.outcome : 'unknown') : null;
    const rec = {
      seq,
      recordId: `rec_${hex8(ids.stream().u32())}${seq.toString(36)}`,
      id: call.app.id,
      appId: call.app.appId ?? '',
      capability: call.capability,
      operator: call.operator,
      requestTime: toShanghaiIso(timeMs),
      resultCode: call.resultCode,
      success: call.success,
      outcome,
      carrierCode: call.carrierCode,
      description: call.description,
      maskedPhone: call.phone === null ? null : maskPhone(call.phone),
      authType: call.success ? call.authType : null,
      clientIp: call.clientIp || null,
      traceId: ids.hex32(),
    };
    return {
      json: Buffer.from(asciiJson(rec), 'utf8'),
      timeMs,
      id: rec.id,
      appId: rec.appId,
      capability: call.capability,
      operator: call.operator,
      success: call.success,
      billable: isBillable(call.capability, call.success, outcome),
    };
  });
}
