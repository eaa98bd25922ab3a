/**
 * Sealing for secrets outside Electron (the CLI and browser mode), where no OS keychain is
 * reachable from Node: AES-256-GCM under a random key kept in a file only its owner may read
 * (0600, in the 0700 data folder). The store holds ciphertext; the key never enters a store, a
 * log or a backup of the console database. What protects it is the OS account, like an SSH
 * key; the desktop app keeps using safeStorage (the keychain) and only reads what this sealed.
 *
 * Used for the chat-robot channel secrets (issue 18), which cron and CI add and use from
 * separate `onetap` processes.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE_PREFIX = 'keyfile:v1:';
export const KEY_FILE_NAME = 'local-secrets.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyFileSealer {
  readonly file: string;
  seal(plain: string, purpose: string): string;
  unseal(sealed: string, purpose: string): string;
}

function readKey(file: string): Buffer {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    // Someone widened it: put it back before trusting it with anything new.
    chmodSync(file, 0o600);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} is not a key this console wrote (expected ${KEY_BYTES} bytes)`);
  return key;
}

/** The key of `dataDir`, created on first use (exclusively: two processes starting at once agree on one key). */
function loadOrCreateKey(file: string): Buffer {
  if (!existsSync(file)) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return readKey(file);
}

export function keyFileSealer(dataDir: string): KeyFileSealer {
  const file = join(dataDir, KEY_FILE_NAME);
  let key: Buffer | null = null;
  const k = () => (key ??= loadOrCreateKey(file));
  return {
    file,
    seal(plain, purpose) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv('aes-256-gcm', k(), iv);
      // The purpose (e.g. the channel's name) is bound in: a sealed value copied to another row does not open.
      c.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return KEY_FILE_PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    unseal(sealed, purpose) {
      if (!sealed.startsWith(KEY_FILE_PREFIX)) throw new Error('not sealed with the local key file');
      if (!existsSync(file)) throw new Error(`the key file ${file} is missing: enter the secret again`);
      const raw = Buffer.from(sealed.slice(KEY_FILE_PREFIX.length), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed secret is damaged');
      const d = createDecipheriv('aes-256-gcm', k(), raw.subarray(0, IV_BYTES));
      d.setAAD(Buffer.from(purpose, 'utf8'));
      d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
      } catch {
        throw new Error('sealed secret does not open with this console’s key file (another machine or a new key): enter it again');
      }
    },
  };
}
