/**
 * apps.revealKey: the appKey of an approved app, unsealed on demand and never stored in plain
 * text. Only a managing key sees it (finance and auditor keys read apps, not their secrets),
 * and every reveal or copy is recorded locally: when, which app, from which door, by which OS user.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { readAppKey, recoverAppKey } from '../store/app-keys';
import { appsQuery } from './apps-query';
import type { AppsEnv } from './env';
import { revealsRepo } from './reveals-repo';

export async function revealAppKey(env: AppsEnv, id: string, purpose: 'reveal' | 'copy', signal?: AbortSignal): Promise<{ appKey: string; at: number }> {
  if (env.access.role !== 'admin' && env.access.role !== null) throw new ApiError('FORBIDDEN', 'only an admin key may reveal app keys');
  const app = appsQuery(env.db).resolve(id);
  if (!app) throw new ApiError('NOT_FOUND', `no app ${id}`);
  if (app.status !== 'approved') throw new ApiError('CONFLICT', 'the appKey is issued when the app is approved');
  // Outside Electron the key is not kept across restarts: fetch this one app again when needed.
  const appKey = env.platform ? await recoverAppKey(env.db, env.secrets, env.platform, app.data.id, signal) : readAppKey(env.db, env.secrets, app.data.id);
  if (appKey === null) {
    throw new ApiError('UNSUPPORTED', 'the appKey is not available: it is kept sealed only under Electron, and the platform could not be asked for it again');
  }
  const at = env.clock.now();
  revealsRepo(env.db).record({ at, id: app.data.id, appId: app.data.appId, purpose, mode: env.mode, osUser: env.osUser(), accessKey: env.accessKey });
  return { appKey, at };
}
