import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the console keeps its databases when not told otherwise: the same folder Electron's
 * app.getPath('userData') gives for this app name, so the desktop app, `onetap serve` and the
 * CLI share one set of workspaces. ONETAP_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ONETAP_DATA_DIR) return env.ONETAP_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'onetap-console');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'onetap-console');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'onetap-console');
}
