/**
 * Mainland mobile number segments (号段) by operator, for drawing realistic masked numbers
 * and for telling which operator a sandbox phone number belongs to. 192 (China Broadnet)
 * and virtual-operator segments are left out: the platform serves the three operators only.
 */
import type { Operator } from '../../shared/platform/domain';

export const PHONE_SEGMENTS: Readonly<Record<Operator, readonly string[]>> = {
  CMCC: [
    '134',
    '135',
    '136',
    '137',
    '138',
    '139',
    '147',
    '150',
    '151',
    '152',
    '157',
    '158',
    '159',
    '172',
    '178',
    '182',
    '183',
    '184',
    '187',
    '188',
    '195',
    '197',
    '198',
  ],
  CUCC: ['130', '131', '132', '145', '155', '156', '166', '167', '171', '175', '176', '185', '186', '196'],
  CTCC: ['133', '149', '153', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199'],
};

const BY_SEGMENT = new Map<string, Operator>();
for (const [op, segs] of Object.entries(PHONE_SEGMENTS) as [Operator, readonly string[]][]) for (const s of segs) BY_SEGMENT.set(s, op);

/** The operator of an 11-digit mainland mobile number, or null when the segment is not one of the three. */
export function operatorOfPhone(phone: string): Operator | null {
  if (!/^1\d{10}$/.test(phone)) return null;
  return BY_SEGMENT.get(phone.slice(0, 3)) ?? null;
}
