/**
 * The demo workspace's platform credentials, for signing its exports in sessions that keep no
 * secrets (browser host, CLI). The demo's emulator derives its keys from the seed stored in the
 * demo database (emulator/keys.ts: "demo credentials for a local emulator, not secrets"), so
 * they are recomputed here rather than handed around. A database not made from the demo has
 * no such seed and gets nothing.
 */
import type { Db } from '../db/open';
import { storedDemoParams } from '../workspaces/demo';
import { demoKeys } from '../workspaces/demo-emulator';
import type { PlatformSecret } from './signing-keys';

/** The key pair of `accessKey` (or, when unknown, the admin key the demo connects with). */
export function demoPlatformSecret(db: Db, accessKey: string | null): PlatformSecret | null {
  const params = storedDemoParams(db);
  if (!params) return null;
  const keys = demoKeys(params.seed);
  const key = accessKey ? keys.find((k) => k.accessKey === accessKey) : keys.find((k) => k.role === 'admin');
  return key ? { accessKey: key.accessKey, secretKey: key.secretKey } : null;
}
