/**
 * RAM-like access keys of the emulated Alibaba Cloud account, derived from the seed so a
 * restarted emulator keeps them. Each key carries the dypns actions its policy allows: `admin`
 * every action, `finance` the two statistics/billing reads, `readonly` statistics and
 * describing a scheme — narrower keys exist so the console can show a missing permission.
 * Local demo credentials, not secrets of any real account.
 */
import { createHmac } from 'node:crypto';

export const aliyunActions = [
  'QueryGateVerifyStatisticPublic',
  'QueryGateVerifyBillingPublic',
  'CreateVerifyScheme',
  'DescribeVerifyScheme',
  'DeleteVerifyScheme',
] as const;
export type AliyunAction = (typeof aliyunActions)[number];

export const aliyunRoles = ['admin', 'finance', 'readonly'] as const;
export type AliyunRole = (typeof aliyunRoles)[number];

const POLICIES: Record<AliyunRole, readonly AliyunAction[]> = {
  admin: aliyunActions,
  finance: ['QueryGateVerifyStatisticPublic', 'QueryGateVerifyBillingPublic'],
  readonly: ['QueryGateVerifyStatisticPublic', 'DescribeVerifyScheme'],
};

/** One key as the ready line prints it: `actions` are RAM action names (`dypns:…`). */
export interface AliyunKey {
  role: AliyunRole;
  accessKeyId: string;
  accessKeySecret: string;
  actions: string[];
}

export function aliyunKeys(seed: number): AliyunKey[] {
  const mac = (what: string) => createHmac('sha256', `onetap-emulator-aliyun:${seed}`).update(what).digest();
  return aliyunRoles.map((role) => ({
    role,
    accessKeyId: `LTAI5t${mac(`id:${role}`).toString('base64url').replace(/[-_]/g, 'x').slice(0, 18)}`,
    accessKeySecret: mac(`secret:${role}`).toString('base64url').replace(/[-_]/g, 'y').slice(0, 30),
    actions: POLICIES[role].map((a) => `dypns:${a}`),
  }));
}
