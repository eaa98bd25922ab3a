import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { handlers } from '../../main/services/handlers';
import { startHost } from '../../web/host';
import { intFlag, printJsonLine, UsageError } from '../output';
import { connectionFrom, SECRET_KEY_FILE_OPTION, SECRET_KEY_OPTION, startServices } from '../services';

export function rendererDir(): string | null {
  const dir = fileURLToPath(new URL('../../../out/renderer', import.meta.url));
  return existsSync(dir) ? dir : null;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the console in a browser on loopback (the browser-mode door)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--db <file>', 'use this workspace database file')
    .option('--data-dir <dir>', 'console data folder (settings, workspaces)')
    .option('--endpoint <url>', 'platform endpoint (else ONETAP_ENDPOINT, else the saved workspace or the demo)')
    .option('--access-key <id>', 'platform access key id (else ONETAP_ACCESS_KEY)')
    .option(...SECRET_KEY_OPTION)
    .option(...SECRET_KEY_FILE_OPTION)
    .option('--api-only', 'serve the API without the renderer (for npm run dev)')
    .option('--json', 'machine-readable output (the ready line is always JSON)')
    .action(async (o: { port: string; host: string; db?: string; dataDir?: string; endpoint?: string; accessKey?: string; secretKey?: string; secretKeyFile?: string; apiOnly?: boolean }) => {
      const port = intFlag('--port', o.port, { max: 65535 })!;
      const staticDir = o.apiOnly ? null : rendererDir();
      if (!o.apiOnly && !staticDir) throw new UsageError('the renderer is not built: run `npm run build` first');
      const services = await startServices('browser', {
        ...(o.db ? { dbFile: o.db } : {}),
        ...(o.dataDir ? { dataDir: o.dataDir } : {}),
        connection: connectionFrom(o),
        backgroundSync: true,
      });
      const host = await startHost({ ctx: services.ctx, handlers, port, host: o.host, staticDir });
      printJsonLine({ event: 'ready', url: host.url, token: host.token });
      const stop = async () => {
        await host.close();
        await services.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await new Promise(() => undefined);
    });
}
