/** Name uniqueness as the service checks it: live apps plus changes still pending (they will become live). */
import { nameKey, type ValidationOptions } from '../../../../shared/apps/validation';
import { appsQuery } from './apps-query';
import type { AppsEnv } from './env';
import { pendingRepo } from './pending-repo';

export function nameTakenCheck(env: AppsEnv, exceptId?: string): ValidationOptions {
  const keys = appsQuery(env.db).liveNameKeys(exceptId);
  for (const p of pendingRepo(env.db).all()) {
    if (p.id === exceptId && exceptId !== undefined) continue;
    if (p.op === 'create') keys.add(nameKey(p.name));
    if (p.op === 'update' && typeof p.payload.name === 'string') keys.add(nameKey(p.payload.name));
  }
  return { isNameTaken: (name) => keys.has(nameKey(name)) };
}
