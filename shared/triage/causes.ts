/**
 * Failure triage knowledge: which likely causes a failure code points to and what to check for
 * each, taken from the seeds' code tables and rules (seed 002 §5 with its remarks, seed 003/004
 * §4.2/§4.3 gateway tables, seed 000 §4.6/§4.8, seed 001 §8.2). Data only: the words shown to
 * people live in ./messages.ts (zh-CN and English), keyed by the ids here.
 *
 * The same digits mean different things at different carriers (CUCC's 103 is 应用未授权 ip 访问,
 * CMCC has no such code), so a rule may be tied to an operator.
 */
import type { Operator } from '../platform/domain';
import { triageCauses, type TriageCause } from './types';

export { triageCauses, type TriageCause };

/** What to check, per cause, in the order an admin should check it. */
export const triageChecks = {
  signature: ['appKey', 'signString', 'upperHex', 'encryption', 'debugger'],
  'ip-whitelist': ['callerIp', 'whitelist', 'segments', 'recentEdit'],
  capability: ['capabilityEnabled', 'tokenKind', 'recentEdit'],
  'package-quota': ['remaining', 'expiry', 'syncDelay'],
  'token-invalid': ['lifetime', 'singleUse', 'sameApp'],
  replay: ['msgidUnique', 'noResend'],
  timestamp: ['serverClock', 'timestampFormat'],
  'build-identity': ['packageName', 'packageSignature', 'inspectBuild'],
  'app-identity': ['appId', 'appStatus'],
  'request-format': ['json', 'contentType', 'required'],
  encryption: ['rsaKey', 'phoneHash'],
  'rate-limit': ['unusedTokens', 'dailyLimit'],
  'operator-unsupported': ['verifyCmccOnly', 'operatorSwitch'],
  network: ['mobileData', 'simCard', 'clientSide'],
  'user-cancelled': ['notAFault'],
  unknown: ['dictionary'],
} as const satisfies Record<TriageCause, readonly string[]>;
export type TriageCheck = (typeof triageChecks)[TriageCause][number];

/** App fields whose change can cause a failure of this kind: an edit of one, just before a surge, is a suspect. */
export const causeFields: Record<TriageCause, readonly string[]> = {
  signature: ['encryption', 'rsaPublicKey'],
  'ip-whitelist': ['ipWhitelist'],
  capability: ['capabilities'],
  'package-quota': [],
  'token-invalid': [],
  replay: [],
  timestamp: [],
  'build-identity': ['packageName', 'packageSignature', 'bundleId'],
  'app-identity': ['status', 'appId'],
  'request-format': [],
  encryption: ['encryption', 'rsaPublicKey'],
  'rate-limit': [],
  'operator-unsupported': [],
  network: [],
  'user-cancelled': [],
  unknown: [],
};

export interface TriageRule {
  code: string;
  /** The carrier whose table holds this meaning; null = the platform's own or the only meaning. */
  operator: Operator | null;
  causes: readonly TriageCause[];
  /** Where the rule comes from. */
  source: string;
}

const S000_48 = 'seed 000 §4.8';
const S000_461 = 'seed 000 §4.6.1';
const S000_462 = 'seed 000 §4.6.2';
const S000_463 = 'seed 000 §4.6.3';
const S002_5 = 'seed 002 §5';
const S003_42 = 'seed 003 §4.2';
const S003_43 = 'seed 003 §4.3';
const S001_82 = 'seed 001 §8.2';

const r = (code: string, operator: Operator | null, causes: readonly TriageCause[], source: string): TriageRule => ({ code, operator, causes, source });

export const triageRules: readonly TriageRule[] = [
  // The platform's server codes (seed 000 §4.8): what every record's resultCode carries.
  r('10101', null, ['app-identity', 'request-format'], S000_48),
  r('10102', null, ['request-format'], S000_48),
  r('10103', null, ['request-format'], S000_48),
  r('10104', null, ['request-format', 'token-invalid'], S000_48),
  // Token 校验失败: the carrier refused the check; its own code says which of these it was.
  r('10105', null, ['token-invalid', 'signature', 'ip-whitelist', 'build-identity'], S000_48),
  r('10106', null, ['replay', 'token-invalid'], S000_48),
  r('10107', null, ['request-format'], S000_48),
  r('10201', null, ['app-identity'], S000_48),
  r('10202', null, ['app-identity'], S000_48),
  r('10301', null, ['package-quota', 'capability'], S000_48),
  r('10302', null, ['package-quota', 'capability'], S000_48),
  r('10303', null, ['package-quota'], S000_48),
  r('10304', null, ['package-quota'], S000_48),
  r('10500', null, ['network'], S000_48),
  // China Mobile's gateway (seed 003/004 §4.2, seed 002 §5 with its remarks).
  r('103101', 'CMCC', ['signature'], `${S002_5}, ${S003_42}`),
  r('103102', 'CMCC', ['build-identity'], S002_5),
  r('103107', 'CMCC', ['replay'], S003_42),
  r('103111', 'CMCC', ['network'], S002_5),
  r('103119', 'CMCC', ['app-identity'], S002_5),
  r('103211', 'CMCC', ['request-format'], S002_5),
  r('103412', 'CMCC', ['request-format', 'encryption'], S002_5),
  r('103414', 'CMCC', ['request-format'], S002_5),
  r('103505', 'CMCC', ['replay'], S003_42),
  r('103511', 'CMCC', ['ip-whitelist'], `${S002_5}, ${S003_42}`),
  r('103811', 'CMCC', ['token-invalid', 'request-format'], S002_5),
  r('103902', 'CMCC', ['rate-limit', 'token-invalid'], S002_5),
  r('103911', 'CMCC', ['rate-limit'], S002_5),
  r('104201', 'CMCC', ['token-invalid', 'replay'], S002_5),
  r('105002', 'CMCC', ['network'], S002_5),
  r('105012', 'CMCC', ['operator-unsupported'], S002_5),
  r('105013', 'CMCC', ['operator-unsupported'], S002_5),
  r('105018', 'CMCC', ['capability'], `${S002_5}, ${S003_42}`),
  r('105019', 'CMCC', ['capability'], `${S002_5}, ${S003_42}`),
  r('105021', 'CMCC', ['rate-limit'], S002_5),
  r('105302', 'CMCC', ['app-identity', 'capability'], S002_5),
  r('105312', 'CMCC', ['package-quota'], S002_5),
  r('105313', 'CMCC', ['request-format'], S002_5),
  r('200020', 'CMCC', ['user-cancelled'], S002_5),
  r('200022', 'CMCC', ['network'], S002_5),
  r('200023', 'CMCC', ['network'], S002_5),
  r('200024', 'CMCC', ['network'], S002_5),
  r('200027', 'CMCC', ['network'], S002_5),
  r('200028', 'CMCC', ['network'], S002_5),
  r('200038', 'CMCC', ['network'], S002_5),
  r('200048', 'CMCC', ['network'], S000_461),
  r('200080', 'CMCC', ['operator-unsupported'], S002_5),
  r('102102', 'CMCC', ['network'], S002_5),
  // China Mobile's tokenValidate (number verification) results (seed 003 §4.3).
  r('102', 'CMCC', ['request-format'], S003_43),
  r('124', 'CMCC', ['ip-whitelist'], S003_43),
  r('302', 'CMCC', ['signature'], S003_43),
  r('303', 'CMCC', ['request-format'], S003_43),
  r('606', 'CMCC', ['token-invalid'], S003_43),
  r('004', 'CMCC', ['encryption'], S003_43),
  r('002', 'CMCC', ['network'], S003_43),
  // China Unicom (seed 000 §4.6.2, seed 001 §8.2.3).
  r('101', 'CUCC', ['signature'], S000_462),
  r('103', 'CUCC', ['ip-whitelist'], S000_462),
  r('105', 'CUCC', ['build-identity'], S001_82),
  r('200', 'CUCC', ['token-invalid'], S000_462),
  r('201', 'CUCC', ['token-invalid', 'replay'], S000_462),
  r('202', 'CUCC', ['token-invalid', 'capability'], S000_462),
  r('1001', 'CUCC', ['timestamp'], S000_462),
  r('1002', 'CUCC', ['signature'], S000_462),
  r('3009', 'CUCC', ['operator-unsupported'], S001_82),
  r('3005', 'CUCC', ['network'], S000_462),
  r('3010', 'CUCC', ['network'], S000_462),
  // China Telecom (seed 000 §4.6.3).
  r('20005', 'CTCC', ['signature'], S000_463),
  r('10009', 'CTCC', ['timestamp'], S000_463),
  r('30001', 'CTCC', ['timestamp'], S000_463),
  r('10003', 'CTCC', ['encryption'], S000_463),
  r('10004', 'CTCC', ['ip-whitelist'], S000_463),
  r('20102', 'CTCC', ['encryption', 'request-format'], S000_463),
  r('10008', 'CTCC', ['rate-limit'], S000_463),
  r('80200', 'CTCC', ['user-cancelled'], S000_463),
  r('10001', 'CTCC', ['network'], S000_463),
  r('80000', 'CTCC', ['network'], S000_463),
  r('80004', 'CTCC', ['network'], S000_463),
];

/**
 * The rules for a code: those of the given operator (and the operator-free ones); with no
 * operator, every carrier's meaning, since the caller could not say which one it is.
 */
export function triageRulesFor(code: string, operator: Operator | null): TriageRule[] {
  const c = code.trim();
  return triageRules.filter((x) => x.code === c && (x.operator === null || operator === null || x.operator === operator));
}

/** One cause with the checks to make, the codes that point to it and where the rule comes from. */
export interface TriageCauseOut {
  cause: TriageCause;
  checks: readonly TriageCheck[];
  codes: string[];
  sources: string[];
}

/**
 * Causes for a failure. A carrier code says more than the platform's umbrella code (10105 Token
 * 校验失败 covers signature, IP and token refusals alike), so codes are given most specific
 * first and the first one the rules know decides; a cause is listed once.
 */
export function causesFor(codes: readonly { code: string; operator: Operator | null }[]): TriageCauseOut[] {
  for (const { code, operator } of codes) {
    const rules = triageRulesFor(code, operator);
    if (rules.length === 0) continue;
    const out = new Map<TriageCause, TriageCauseOut>();
    for (const rule of rules) {
      for (const cause of rule.causes) {
        const o = out.get(cause) ?? { cause, checks: triageChecks[cause], codes: [], sources: [] };
        if (!o.codes.includes(rule.code)) o.codes.push(rule.code);
        if (!o.sources.includes(rule.source)) o.sources.push(rule.source);
        out.set(cause, o);
      }
    }
    return [...out.values()];
  }
  return [{ cause: 'unknown', checks: triageChecks.unknown, codes: codes.map((c) => c.code), sources: [] }];
}
