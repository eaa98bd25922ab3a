/**
 * The access keys of the emulated account, one per role. Derived from the seed, so a restarted
 * emulator (e.g. the console's demo workspace) keeps the same keys and saved connections still
 * work. These are demo credentials for a local emulator, not secrets of any real platform.
 */
import { createHmac } from 'node:crypto';
import { roles, type Role } from '../shared/platform/domain';

export interface EmulatorKey {
  role: Role;
  accessKey: string;
  secretKey: string;
}

export function emulatorKeys(seed: number): EmulatorKey[] {
  const mac = (what: string) => createHmac('sha256', `onetap-emulator:${seed}`).update(what).digest();
  return roles.map((role) => ({
    role,
    accessKey: `OTAK${mac(`access:${role}`).toString('hex').slice(0, 16).toUpperCase()}`,
    secretKey: mac(`secret:${role}`).toString('base64url'),
  }));
}

/** The account name whoami reports. */
export function accountName(seed: number): string {
  return `demo-enterprise-${seed}`;
}
