/**
 * Secrets (platform secret keys, the export HMAC key, app keys) are sealed before they touch
 * disk. Electron provides a safeStorage-backed store; browser and CLI mode get a memory store
 * that refuses to seal, so nothing secret is ever persisted there in plain text.
 */
export interface SecretStore {
  /** 'safeStorage' (OS keychain), 'memory' (not persisted). */
  readonly kind: 'safeStorage' | 'memory';
  /** True when sealed values can be written to disk. */
  readonly persistent: boolean;
  /** Warning to show (e.g. Linux basic_text backend), or null. */
  readonly warning: string | null;
  seal(plain: string): string;
  unseal(sealed: string): string;
}

/** Keeps secrets only for this process: seal() returns a handle into a map, never the secret. */
export function memorySecretStore(): SecretStore {
  const vault = new Map<string, string>();
  let n = 0;
  return {
    kind: 'memory',
    persistent: false,
    warning: null,
    seal(plain) {
      const handle = `mem:${process.pid}:${++n}`;
      vault.set(handle, plain);
      return handle;
    },
    unseal(sealed) {
      const v = vault.get(sealed);
      if (v === undefined) throw new Error('secret not available in this session (not persisted outside Electron)');
      return v;
    },
  };
}
