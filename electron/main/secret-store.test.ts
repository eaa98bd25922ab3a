import { describe, expect, it, vi } from 'vitest';
import { safeStorageSecretStore, SEALED_PREFIX, type SafeStorageLike } from './secret-store';

// A stand-in cipher: enough to prove the store uses safeStorage and never stores the plain text.
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { encryptString: ReturnType<typeof vi.fn> } {
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: vi.fn((plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a))),
    decryptString: (buf: Buffer) => Buffer.from(buf.map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

describe('safeStorage secret store', () => {
  it.each(['darwin', 'win32'] as const)('persists sealed secrets on %s', (platform) => {
    const store = safeStorageSecretStore(fakeSafeStorage(), platform);
    expect(store).toMatchObject({ kind: 'safeStorage', persistent: true, warning: null });
    const sealed = store.seal('sk-live-123');
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(sealed).not.toContain('sk-live-123');
    expect(store.unseal(sealed)).toBe('sk-live-123');
  });

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('persists on Linux with the %s keyring', (backend) => {
    expect(safeStorageSecretStore(fakeSafeStorage({ backend }), 'linux').persistent).toBe(true);
  });

  it('refuses to persist on Linux basic_text, says why, and never calls the fake cipher', () => {
    const safe = fakeSafeStorage({ backend: 'basic_text' });
    const store = safeStorageSecretStore(safe, 'linux');
    expect(store).toMatchObject({ kind: 'memory', persistent: false });
    expect(store.warning).toMatch(/basic_text/);
    expect(store.warning).toMatch(/this session only/);
    const handle = store.seal('sk-live-123');
    expect(handle).not.toContain('sk-live-123');
    expect(store.unseal(handle)).toBe('sk-live-123');
    expect(safe.encryptString).not.toHaveBeenCalled();
  });

  it('says clearly when a value sealed with the keyring cannot be opened now', () => {
    const sealed = safeStorageSecretStore(fakeSafeStorage(), 'linux').seal('sk');
    const without = safeStorageSecretStore(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(() => without.unseal(sealed)).toThrow(/OS keyring, which is not available/);
  });

  it('falls back to session-only when encryption is unavailable', () => {
    const store = safeStorageSecretStore(fakeSafeStorage({ available: false }), 'darwin');
    expect(store.persistent).toBe(false);
    expect(store.warning).toMatch(/not available/);
  });

  it('treats a backend asked for before ready as unsafe', () => {
    expect(safeStorageSecretStore(fakeSafeStorage({ backend: 'unknown' }), 'linux').persistent).toBe(false);
  });

  it('refuses to unseal something that is not a sealed value', () => {
    expect(() => safeStorageSecretStore(fakeSafeStorage(), 'darwin').unseal('plain-text')).toThrow(/not a sealed secret/);
  });
});
