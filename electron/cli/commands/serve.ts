import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { handlers } from '../../main/services/handlers';
import { startHost } from '../../web/host';
import { intFlag, printJsonLine, UsageError } from '../output';
import { openSession, workspaceOptions, type WorkspaceFlags } from '../session';

export function rendererDir(): string | null {
  // From the sources (electron/cli/commands) or the bundle (out/cli).
  for (const rel of ['../../../out/renderer', '../renderer']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

export function register(program: Command): void {
  workspaceOptions(program.command('serve').description('serve the console in a browser on loopback (the browser-mode door)'), { db: 'use this workspace database file' })
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--api-only', 'serve the API without the renderer (for npm run dev)')
    .option('--json', 'machine-readable output (the ready line is always JSON)')
    .action(async (o: WorkspaceFlags & { port: string; host: string; apiOnly?: boolean }) => {
      const port = intFlag('--port', o.port, { max: 65535 })!;
      const staticDir = o.apiOnly ? null : rendererDir();
      if (!o.apiOnly && !staticDir) throw new UsageError('the renderer is not built: run `npm run build` first');
      const services = await openSession(o, { mode: 'browser', db: 'boot', backgroundSync: true });
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
