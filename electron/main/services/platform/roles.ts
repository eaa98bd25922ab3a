/**
 * Which roles may make which management call (platform-api.md §1, "Roles of access keys").
 * The platform decides; the console uses this table to explain a 403 ("which role is
 * missing") and to leave out of a sync the resources the key cannot read.
 */
import type { Role } from '../../../../shared/platform/domain';

export type PlatformOperation =
  'whoami' | 'apps.read' | 'apps.write' | 'apps.review' | 'activities.read' | 'records.read' | 'usage.read' | 'bills.read' | 'packages.read' | 'pricing.read';

export const rolesAllowed: Record<PlatformOperation, readonly Role[]> = {
  whoami: ['admin', 'finance', 'auditor', 'reviewer'],
  'apps.read': ['admin', 'finance', 'auditor', 'reviewer'],
  'apps.write': ['admin'],
  'apps.review': ['reviewer'],
  'activities.read': ['admin', 'auditor'],
  'records.read': ['admin', 'auditor'],
  'usage.read': ['admin', 'finance'],
  'bills.read': ['admin', 'finance'],
  'packages.read': ['admin', 'finance'],
  'pricing.read': ['admin', 'finance'],
};

export function roleAllows(role: Role, op: PlatformOperation): boolean {
  return rolesAllowed[op].includes(role);
}
