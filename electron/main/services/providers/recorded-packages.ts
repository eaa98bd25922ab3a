/**
 * Resource packages of a provider whose API does not list them (Alibaba Cloud 号码认证): the
 * user records what was bought, and the bill covers calls with it before pay-as-you-go, exactly
 * as with the packages our platform reports. They live in the same packages table, marked by
 * their id ("manual-…") and never replaced by a sync (this provider's sync does not touch it).
 */
import { ApiError } from '../../../../shared/contract/errors';
import { addMonths, daysInMonth, isDate, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { recordedPackagesRepo } from '../store/packages-repo';

export interface RecordedPackage {
  packageId: string;
  quota: number;
  validFrom: number;
  validTo: number;
}

/** Valid from the start of the purchase day until the start of the same day `months` later (Shanghai). */
export function recordPackage(db: Db, input: { calls: number; purchasedOn: string; months: number }, now: number): RecordedPackage {
  if (!isDate(input.purchasedOn)) throw new ApiError('INVALID_INPUT', `not a date: ${input.purchasedOn}`, { fields: { purchasedOn: 'invalid' } });
  const month = addMonths(input.purchasedOn.slice(0, 7), input.months);
  // The same day of the month `months` later, or that month's last day when it is shorter.
  const endDay = `${month}-${String(Math.min(Number(input.purchasedOn.slice(8, 10)), daysInMonth(month))).padStart(2, '0')}`;
  const validFrom = startOfShanghaiDay(input.purchasedOn);
  const validTo = startOfShanghaiDay(endDay);
  const repo = recordedPackagesRepo(db);
  const packageId = `manual-${input.purchasedOn}-${input.calls}-${repo.count() + 1}`;
  repo.insert(packageId, input.calls, validFrom, validTo, now);
  return { packageId, quota: input.calls, validFrom, validTo };
}

export function removeRecordedPackage(db: Db, packageId: string): boolean {
  return recordedPackagesRepo(db).remove(packageId);
}
