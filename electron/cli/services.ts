import { readFileSync } from 'node:fs';
import { createContext } from '../main/services/core/create-context';
import { defaultDataDir } from '../main/services/core/data-dir';
import type { ServiceContext } from '../main/services/core/context';
import { bootServices, type BootOptions, type Booted } from '../main/services/boot';
import type { RunMode } from '../../shared/contract/app';
import { UsageError } from './output';

export interface ConnectionFlags {
  endpoint?: string;
  accessKey?: string;
  secretKey?: string;
  secretKeyFile?: string;
}

/**
 * The secret key options of every command that connects. A secret on the command line is seen by
 * every local user (ps, /proc/PID/cmdline), so the help steers to the environment or a file.
 */
export const SECRET_KEY_OPTION = ['--secret-key <key>', 'platform secret key; visible to other users in ps: prefer ONETAP_SECRET_KEY or --secret-key-file (never stored)'] as const;
export const SECRET_KEY_FILE_OPTION = ['--secret-key-file <file>', 'read the platform secret key from a file (first line), or - for standard input (preferred over --secret-key)'] as const;

const stdinSecret = new WeakMap<ConnectionFlags, string>();

/** The secret key from --secret-key-file (a file, or - for stdin), --secret-key, or ONETAP_SECRET_KEY: the one place it is read. */
export function secretKeyFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = flags.secretKeyFile;
  if (file === undefined) return flags.secretKey ?? env.ONETAP_SECRET_KEY;
  if (flags.secretKey !== undefined) throw new UsageError('give --secret-key or --secret-key-file, not both');
  let text = stdinSecret.get(flags);
  if (text === undefined) {
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      throw new UsageError(`--secret-key-file: cannot read ${file === '-' ? 'standard input' : file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // Standard input can be read once: later callers get the same secret.
    stdinSecret.set(flags, text);
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (!secret) throw new UsageError(`--secret-key-file: ${file === '-' ? 'standard input' : file} holds no secret key`);
  return secret;
}

/** Connection from flags, else ONETAP_ENDPOINT / ONETAP_ACCESS_KEY / ONETAP_SECRET_KEY; all three or none. */
export function connectionFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): BootOptions['connection'] {
  const endpoint = flags.endpoint ?? env.ONETAP_ENDPOINT;
  const accessKey = flags.accessKey ?? env.ONETAP_ACCESS_KEY;
  const secretKey = secretKeyFrom(flags, env);
  const given = [endpoint, accessKey, secretKey].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given !== 3) throw new Error('a connection needs --endpoint, --access-key and --secret-key (or the ONETAP_* environment) together');
  return { endpoint: endpoint!, accessKey: accessKey!, secretKey: secretKey! };
}

/** A started service stack for one CLI invocation or the browser host. */
export async function startServices(mode: RunMode, boot: BootOptions & { dataDir?: string }): Promise<{ ctx: ServiceContext; booted: Booted; close(): Promise<void> }> {
  const ctx = createContext({ mode, dataDir: boot.dataDir ?? defaultDataDir() });
  const booted = await bootServices(ctx, boot);
  return {
    ctx,
    booted,
    async close() {
      await booted.shutdown();
      ctx.consoleDb.close();
    },
  };
}
