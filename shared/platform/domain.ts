/** Domain vocabulary shared by the platform API, the store and the UI. */
export const operators = ['CMCC', 'CUCC', 'CTCC'] as const;
export type Operator = (typeof operators)[number];

/** operatortype numbers of the carrier SDKs (seed README). */
export const operatorType: Record<Operator, 1 | 2 | 3> = { CMCC: 1, CUCC: 2, CTCC: 3 };

export const capabilities = ['login', 'verify'] as const;
export type Capability = (typeof capabilities)[number];

export const verifyOutcomes = ['match', 'mismatch', 'unknown'] as const;
export type VerifyOutcome = (typeof verifyOutcomes)[number];

export const appPlatforms = ['android', 'ios', 'h5'] as const;
export type AppPlatform = (typeof appPlatforms)[number];

export const appStatuses = ['pending', 'reviewing', 'approved', 'rejected', 'deleted'] as const;
export type AppStatus = (typeof appStatuses)[number];

export const roles = ['admin', 'finance', 'auditor', 'reviewer'] as const;
export type Role = (typeof roles)[number];
/** Whom the console may act as on the demo platform (workspaces.demoRole). */
export const demoRoles = ['admin', 'reviewer'] as const satisfies readonly Role[];
export type DemoRole = (typeof demoRoles)[number];

/** Billable per seeds/000 §2.1.1 and platform-api §3: nothing else is. */
export function isBillable(capability: Capability, success: boolean, outcome: VerifyOutcome | null): boolean {
  if (capability === 'login') return success;
  return outcome === 'match' || outcome === 'mismatch';
}

/** 3+4+4 masking: 13800000000 → 138****0000. Anything that is not 11 digits is fully masked. */
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***********';
}
