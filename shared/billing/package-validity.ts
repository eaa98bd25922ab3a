/**
 * The one definition of a package's validity period shown anywhere (dashboard, billing page,
 * statements, exports). The platform gives [validFrom, validTo) in epoch ms, validTo exclusive
 * (a package issued for three months from 6 September ends at 00:00 on 6 December); people read
 * a period as inclusive Shanghai days: 2026-09-06 – 2026-12-05, "valid until 2026-12-05".
 */
import { shanghaiDate } from '../time/shanghai';

export interface PackageValidity {
  /** First Shanghai day the package covers. */
  firstDay: string;
  /** Last Shanghai day it covers (inclusive). */
  lastDay: string;
}

export function packageValidity(p: { validFrom: number; validTo: number }): PackageValidity {
  return { firstDay: shanghaiDate(p.validFrom), lastDay: shanghaiDate(Math.max(p.validFrom, p.validTo - 1)) };
}
