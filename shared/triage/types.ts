/** The triage's cause ids, apart from the rule data so the contract imports only this. */
export const triageCauses = [
  'signature',
  'ip-whitelist',
  'capability',
  'package-quota',
  'token-invalid',
  'replay',
  'timestamp',
  'build-identity',
  'app-identity',
  'request-format',
  'encryption',
  'rate-limit',
  'operator-unsupported',
  'network',
  'user-cancelled',
  'unknown',
] as const;
export type TriageCause = (typeof triageCauses)[number];
