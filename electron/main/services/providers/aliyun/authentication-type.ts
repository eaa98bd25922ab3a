/**
 * The two numberings of "AuthenticationType" in dypns 2017-05-25, which disagree:
 *   QueryGateVerifyStatisticPublic: 1 一键登录 (login), 2 本机号码校验 (verify)
 *   QueryGateVerifyBillingPublic:   0 本机号码校验 (verify), 1 一键登录 (login), 2 全部 (all)
 * One table each way, so no call site writes a bare number.
 */
import type { Capability } from '../../../../../shared/platform/domain';

export type StatisticAuthType = 1 | 2;
export type BillingAuthType = 0 | 1 | 2;

const STAT: Record<Capability, StatisticAuthType> = { login: 1, verify: 2 };
const BILL: Record<Capability | 'all', BillingAuthType> = { verify: 0, login: 1, all: 2 };

export function statisticAuthType(c: Capability): StatisticAuthType {
  return STAT[c];
}

export function capabilityOfStatisticType(n: number): Capability {
  if (n === 1) return 'login';
  if (n === 2) return 'verify';
  throw new RangeError(`not a statistics AuthenticationType of login or verify: ${n}`);
}

export function billingAuthType(c: Capability | 'all'): BillingAuthType {
  return BILL[c];
}

export function capabilityOfBillingType(n: number): Capability | 'all' {
  if (n === 0) return 'verify';
  if (n === 1) return 'login';
  if (n === 2) return 'all';
  throw new RangeError(`not a billing AuthenticationType of verify, login or all: ${n}`);
}

/** The ItemName a billing line carries for each capability. */
export const BILLING_ITEM_NAMES: Record<Capability, string> = { login: '一键登录', verify: '本机号码校验' };

export function capabilityOfItemName(name: string): Capability | null {
  if (name === BILLING_ITEM_NAMES.login) return 'login';
  if (name === BILLING_ITEM_NAMES.verify) return 'verify';
  return null;
}
