/**
 * The access keys of the emulated account, one per role. Derived from the seed, so a restarted
 * emulator (e.g. the console's demo workspace) keeps the same keys and saved connections still
 * work. These are demo credentials for a local emulator, not secrets of any real platform.
 */
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { roles, type Role } from '../shared/platform/domain';

export interface EmulatorKey {
  role: Role;
  accessKey: string;
  secretKey: string;
}

// node:crypto on first use: the console's workspace module imports this file (the demo's keys), so
// every `onetap … --db` start loaded it (~4 ms of CPU) though only a demo's export signs (issue 13).
let crypto: typeof Crypto | undefined;

export function emulatorKeys(seed: number): EmulatorKey[] {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  const { createHmac } = crypto;
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
