/**
 * The per-workspace key that signs export manifests (HMAC-SHA256). It is kept like every other
 * secret of the console, which means it depends on what this session can keep:
 *
 *  - keyring: with a persistent secret store (the desktop app on an OS keyring) the workspace
 *    gets a random 256-bit key, created at its first export and stored in `export_keys` sealed
 *    by safeStorage. It outlives platform key rotations; only this OS account can unseal it.
 *  - platform-secret: without one (browser host, CLI, Linux without a keyring), where nothing
 *    secret may be written to disk, the key is derived with HKDF-SHA256 from the platform secret
 *    key of the workspace's connection (salt: the workspace's chain id; info: the access key
 *    id). The session holds it exactly when it holds that secret (--secret-key/ONETAP_SECRET_KEY,
 *    or the connection the host was started with) and no new secret exists to lose or leak.
 *    The demo workspace's keys are derived from its seed (demo-secret.ts), so demo exports sign
 *    out of the box in every door.
 *
 * Every manifest names its key by id (a fingerprint) and source, so verification picks the right
 * key, and says plainly when this session does not hold it rather than calling it forged.
 */
import type * as Crypto from 'node:crypto';
import { ServiceKey, type ServiceContext } from '../core/context';
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import type { ActiveWorkspace } from '../workspaces/active';
import { demoPlatformSecret } from './demo-secret';
import { signingKeysRepo } from './signing-keys-repo';
import { lazyModule } from '../core/lazy-module';

// node:crypto on first use: the workspace module imports this file for a constant, so every
// `onetap … --db` start loaded it (~4 ms of CPU) though only an export signs (issue 13).
const crypto = lazyModule<typeof Crypto>('node:crypto');

export type KeySource = 'keyring' | 'platform-secret';

export interface SigningKey {
  id: string;
  source: KeySource;
  key: Buffer;
}

/** A platform connection's key pair, as far as signing needs it. */
export interface PlatformSecret {
  accessKey: string;
  secretKey: string;
}

/**
 * Extension a host registers when it holds the active workspace's platform secret but the
 * secret store cannot persist (browser host with a connection): `(ws) => secret | null`.
 */
export type PlatformSecretProvider = (workspace: ActiveWorkspace) => PlatformSecret | null;
export const EXPORT_PLATFORM_SECRET_EXTENSION = new ServiceKey<PlatformSecretProvider>('export.platformSecret');

/** The platform secret of the workspace, when this session holds it: the host's provider, else the demo's own keys. */
export function platformSecretOf(ctx: ServiceContext, workspace: ActiveWorkspace): PlatformSecret | null {
  const provider = ctx.extensions.get(EXPORT_PLATFORM_SECRET_EXTENSION);
  if (provider) {
    try {
      const secret = provider(workspace);
      if (secret) return secret;
    } catch {
      // A provider that cannot answer is a session without the secret.
    }
  }
  return demoPlatformSecret(workspace.db, workspace.accessKey);
}

const KEY_ID_LABEL = 'onetap-console/export-key-id/v1';

/** A key's public fingerprint: 64 bits of an HMAC under it (reveals nothing of the key). */
export function keyIdOf(key: Buffer): string {
  return crypto().createHmac('sha256', key).update(KEY_ID_LABEL).digest('hex').slice(0, 16);
}

export function derivedKey(secret: PlatformSecret, chainId: string): SigningKey {
  const key = Buffer.from(
    crypto().hkdfSync(
      'sha256',
      Buffer.from(secret.secretKey, 'utf8'),
      Buffer.from(chainId, 'utf8'),
      `onetap-console/export-manifest/v1\n${secret.accessKey}`,
      32,
    ),
  );
  return { id: keyIdOf(key), source: 'platform-secret', key };
}

/** The keyring keys of the workspace this session can unseal (a key sealed by another OS profile is skipped). */
export function keyringKeys(db: Db, secrets: SecretStore): SigningKey[] {
  const rows = signingKeysRepo(db).all();
  const out: SigningKey[] = [];
  for (const r of rows) {
    try {
      const key = Buffer.from(secrets.unseal(r.sealed), 'base64');
      if (key.length === 32 && keyIdOf(key) === r.key_id) out.push({ id: r.key_id, source: 'keyring', key });
    } catch {
      // Sealed under a keyring this session cannot open.
    }
  }
  return out;
}

/** The keys this session can sign and verify with, for one workspace database. */
export interface KeySet {
  /** The key new manifests are signed with, or null (with `why`) when the session has none. */
  signer: SigningKey | null;
  why: string;
  find(keyId: string): SigningKey | null;
}

export interface KeySetOptions {
  db: Db;
  secrets: SecretStore;
  chainId: string;
  platformSecret: PlatformSecret | null;
  now: number;
  /** Create the keyring key when the store persists and the workspace has none yet (exports do; verify does not). */
  create: boolean;
}

export function keySet(opts: KeySetOptions): KeySet {
  const ring = keyringKeys(opts.db, opts.secrets);
  const derived = opts.platformSecret ? derivedKey(opts.platformSecret, opts.chainId) : null;
  let signer: SigningKey | null = null;
  if (opts.secrets.persistent) {
    signer = ring[0] ?? null;
    if (!signer && opts.create) {
      const key = crypto().randomBytes(32);
      signer = { id: keyIdOf(key), source: 'keyring', key };
      signingKeysRepo(opts.db).insert(signer.id, opts.secrets.seal(key.toString('base64')), opts.now);
      ring.unshift(signer);
    }
  }
  signer ??= derived;
  const all = [...ring, ...(derived ? [derived] : [])];
  return {
    signer,
    why: signer
      ? ''
      : 'this session has no key to sign exports with: the secret store does not persist here (browser/CLI mode or no OS keyring), ' +
        "and the workspace's platform secret key was not given (--access-key and --secret-key, or ONETAP_ACCESS_KEY and ONETAP_SECRET_KEY)",
    find: (keyId) => all.find((k) => k.id === keyId) ?? null,
  };
}

export function hmacHex(key: SigningKey, text: string): string {
  return crypto().createHmac('sha256', key.key).update(text, 'utf8').digest('hex');
}

export function hmacMatches(key: SigningKey, text: string, expectedHex: string): boolean {
  const a = Buffer.from(hmacHex(key, text), 'hex');
  const b = Buffer.from(expectedHex, 'hex');
  return a.length === b.length && crypto().timingSafeEqual(a, b);
}
