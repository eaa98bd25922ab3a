import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { intFlag, printJsonLine, UsageError } from '../output';
import { openSession, refuseTeamStore, workspaceOptions, type WorkspaceFlags } from '../session';

/** Why serve does not take --store (yet): the browser console keeps a session open, which a team store's one-shot working copy is not. */
const SERVE_STORE_REFUSAL =
  'the browser console does not open a team store yet: read it with the commands that take --store (records, apps, bill, reconcile, ' +
  'export, triage, alerts check), or serve a --db FILE or --workspace';

export function rendererDir(): string | null {
  // From the sources (electron/cli/commands) or the bundle (out/cli).
  for (const rel of ['../../../out/renderer', '../renderer']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

export function register(program: Command): void {
  workspaceOptions(
    program.command('serve').description('serve the console in a browser on loopback (the browser-mode door; not on a team store: --store is refused)'),
    {
      db: 'use this workspace database file',
    },
  )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--api-only', 'serve the API without the renderer (for npm run dev)')
    .option('--reuse', 'if a console already runs for this data folder, print its address and exit (npm start)')
    .option('--json', 'machine-readable output (the ready line is always JSON)')
    .action(async (o: WorkspaceFlags & { port: string; host: string; apiOnly?: boolean; reuse?: boolean }) => {
      refuseTeamStore(o, SERVE_STORE_REFUSAL);
      const port = intFlag('--port', o.port, { max: 65535 })!;
      const staticDir = o.apiOnly ? null : rendererDir();
      if (!o.apiOnly && !staticDir) throw new UsageError('the renderer is not built: run `npm run build` first');
      // Loaded here, not at the top: `onetap --help` does not load the host and the services.
      const [{ handlers }, { startHost }, { findRunning, forgetRunning, recordRunning, stableToken }, { defaultDataDir }, { warmFirstView }] =
        await Promise.all([
          import('../../main/services/handlers'),
          import('../../web/host'),
          import('../../web/running-console'),
          import('../../main/services/core/data-dir'),
          import('../../web/warm-first-view'),
        ]);
      const dataDir = o.dataDir ?? defaultDataDir();
      if (o.reuse && !o.db) {
        const running = await findRunning(dataDir);
        if (running) {
          printJsonLine({ event: 'ready', url: running.url, token: running.token, reused: true });
          return;
        }
      }
      const services = await openSession({ ...o, dataDir }, { mode: 'browser', db: 'boot', backgroundSync: true });
      // A chosen port is an address to bookmark: keep its token across restarts too.
      const host = await startHost({ ctx: services.ctx, handlers, port, host: o.host, staticDir, ...(port !== 0 ? { token: stableToken(dataDir) } : {}) });
      if (!o.apiOnly) recordRunning(dataDir, { pid: process.pid, url: host.url, origin: host.origin, token: host.token });
      printJsonLine({ event: 'ready', url: host.url, token: host.token });
      // The page opened on this line finds its first calls' schemas, statements and pages ready.
      if (!o.apiOnly) void warmFirstView(handlers, services.ctx);
      const stop = async () => {
        forgetRunning(dataDir);
        await host.close();
        await services.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await new Promise(() => undefined);
    });
}
