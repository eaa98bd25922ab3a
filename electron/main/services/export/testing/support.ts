/**
 * Shared set-up of the export tests: a test context over the records fixture, a scratch folder,
 * and the export/verify environments the services take.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretStore } from '../../core/secrets';
import { createTestContext, openTestWorkspaceDb, type TestContext } from '../../testing/context';
import { FIXTURE_NOW, loadFixture } from '../../records/testing/fixture';
import type { ExportEnv } from '../run-export';
import { EXPORT_PLATFORM_SECRET_EXTENSION, type PlatformSecret, type PlatformSecretProvider } from '../signing-keys';
import type { VerifyEnv } from '../verify-export';

export const TEST_SECRET: PlatformSecret = { accessKey: 'AK-audit-01', secretKey: 'sk-test-0123456789abcdef' };

export interface ExportTestBed {
  t: TestContext;
  dir: string;
  env(extra?: Partial<ExportEnv>): ExportEnv;
  verifyEnv(extra?: Partial<VerifyEnv>): VerifyEnv;
  cleanup(): void;
}

/**
 * A workspace with the records fixture, a connection secret the session holds, and a scratch folder.
 * `onDisk`: the workspace is a database file in the scratch folder (an export then reads through its
 * own connections, as in the app), not one in memory.
 */
export function exportTestBed(opts: { records?: boolean; secret?: PlatformSecret | null; onDisk?: boolean } = {}): ExportTestBed {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-export-test-'));
  const t = createTestContext({
    now: FIXTURE_NOW,
    workspace: {
      id: 'ws-audit',
      name: '审计工作区',
      accessKey: TEST_SECRET.accessKey,
      ...(opts.onDisk ? { db: openTestWorkspaceDb(join(dir, 'workspace.db')) } : {}),
    },
  });
  if (opts.records !== false) loadFixture(t.workspace.db);
  const secret = opts.secret === undefined ? TEST_SECRET : opts.secret;
  const provider: PlatformSecretProvider = () => secret;
  t.ctx.extensions.set(EXPORT_PLATFORM_SECRET_EXTENSION, provider);
  return {
    t,
    dir,
    env: (extra = {}) => ({
      db: t.workspace.db,
      workspace: { id: t.workspace.id, name: t.workspace.name, accessKey: t.workspace.accessKey },
      secrets: t.ctx.secrets,
      platformSecret: secret,
      clock: t.clock,
      osUser: 'auditor',
      ...extra,
    }),
    verifyEnv: (extra = {}) => ({ db: t.workspace.db, secrets: t.ctx.secrets, platformSecret: secret, now: t.clock.now(), ...extra }),
    cleanup() {
      t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A SecretStore that persists (like safeStorage) without an OS keyring: reversible, but never the plain text. */
export function fakeKeyringStore(): SecretStore {
  const mask = (s: string): string => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)).toString('base64');
  const unmask = (s: string): string => Buffer.from(Buffer.from(s.slice('fake:'.length), 'base64').map((b) => b ^ 0x5a)).toString('utf8');
  return {
    kind: 'safeStorage',
    persistent: true,
    warning: null,
    seal: (plain) => `fake:${mask(plain)}`,
    unseal: (sealed) => {
      if (!sealed.startsWith('fake:')) throw new Error('not sealed by this store');
      return unmask(sealed);
    },
  };
}
