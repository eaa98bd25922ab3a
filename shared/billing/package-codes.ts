/**
 * The platform's server codes that mean "no package/subscription to serve this call"
 * (seed 000 §4.8). Such calls fail and are therefore never billed; the console explains them
 * next to the packages, because what fixes them is a package or a subscription, not code.
 */
export const packageResultCodes = ['10301', '10302', '10303', '10304'] as const;
export type PackageResultCode = (typeof packageResultCodes)[number];

/** Why the platform refused, in the console's words (the i18n key under billing.codes). */
export const packageCodeReason: Record<PackageResultCode, 'noResource' | 'unsubscribed' | 'exhausted' | 'expired'> = {
  '10301': 'noResource', // 该应用一键登录能力无资源!
  '10302': 'unsubscribed', // 该应用一键登录能力已退订!
  '10303': 'exhausted', // 该应用一键登录能力资源包用尽!
  '10304': 'expired', // 该应用一键登录能力资源包到期!
};

export function isPackageResultCode(code: string): code is PackageResultCode {
  return (packageResultCodes as readonly string[]).includes(code);
}
