/**
 * SecretStore on Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret/KWallet).
 *
 * Decision for Linux's `basic_text` backend (no keyring found: safeStorage then "encrypts" with
 * a password hard-coded in Chromium, which is plain text in all but name): the store REFUSES
 * to persist. Secrets are kept for this session only (`persistent: false`, like the browser
 * and CLI modes), `warning` says why and how to fix it, and the shell prints it at start-up.
 * The same happens when safeStorage reports encryption unavailable. Nothing secret is ever
 * written to disk without a real OS keyring behind it.
 *
 * Must be created after app 'ready' (before it, Linux reports the backend as 'unknown').
 */
import { memorySecretStore, type SecretStore } from './services/core/secrets';

/** Prefix of values sealed by safeStorage, so a session-only store can say what it cannot open. */
export const SEALED_PREFIX = 'safe:v1:';

/** The parts of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** Linux backends that do not protect anything ('unknown' = asked before ready). */
const UNSAFE_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function keyringProblem(safe: SafeStorageLike, platform: NodeJS.Platform): string | null {
  if (platform === 'linux') {
    const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
    if (UNSAFE_LINUX_BACKENDS.has(backend)) {
      return (
        `No OS keyring is available (safeStorage backend "${backend}"): secret keys are kept for this session only and must be entered again after a restart. ` +
        'Install and unlock GNOME Keyring (libsecret) or KWallet, or start with --password-store=gnome-libsecret / --password-store=kwallet6.'
      );
    }
  }
  if (!safe.isEncryptionAvailable()) {
    return 'OS encryption (safeStorage) is not available: secret keys are kept for this session only and must be entered again after a restart.';
  }
  return null;
}

function sessionOnlyStore(warning: string): SecretStore {
  const memory = memorySecretStore();
  return {
    kind: 'memory',
    persistent: false,
    warning,
    seal: (plain) => memory.seal(plain),
    unseal(sealed) {
      if (sealed.startsWith(SEALED_PREFIX)) {
        throw new Error('this secret was saved with the OS keyring, which is not available now: enter it again');
      }
      return memory.unseal(sealed);
    },
  };
}

export function safeStorageSecretStore(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const problem = keyringProblem(safe, platform);
  if (problem) return sessionOnlyStore(problem);
  return {
    kind: 'safeStorage',
    persistent: true,
    warning: null,
    seal: (plain) => SEALED_PREFIX + safe.encryptString(plain).toString('base64'),
    unseal(sealed) {
      if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('not a sealed secret');
      return safe.decryptString(Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'));
    },
  };
}
