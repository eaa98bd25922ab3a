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
}

/** Connection from flags, else ONETAP_ENDPOINT / ONETAP_ACCESS_KEY / ONETAP_SECRET_KEY; all three or none. */
export function connectionFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): BootOptions['connection'] {
  const endpoint = flags.endpoint ?? env.ONETAP_ENDPOINT;
  const accessKey = flags.accessKey ?? env.ONETAP_ACCESS_KEY;
  const secretKey = flags.secretKey ?? env.ONETAP_SECRET_KEY;
  const given = [endpoint, accessKey, secretKey].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given !== 3) throw new UsageError('a connection needs --endpoint, --access-key and --secret-key (or the ONETAP_* environment) together');
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
