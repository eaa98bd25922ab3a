/**
 * The handler table with each area's handler module loaded when one of its calls is first made:
 * what the command line dispatches through, so a command loads the services of the calls it makes
 * and not every area's (importing `handlers.ts` loads them all: the long-running doors use that).
 * Each entry waits for its module and runs the real handler; `dispatch` awaits handlers anyway, so
 * a call through this table validates, runs and fails exactly as through `handlers`.
 */
import type { CallName } from '../../../shared/contract';
import { contractModuleOf } from '../../../shared/contract/call-index';
import type { Handler, Handlers } from './core/dispatch';

/** Each area's handler module, loaded on first use. */
const modules = {
  app: () => import('./app/handlers').then((m): Partial<Handlers> => m.appHandlers),
  settings: () => import('./settings/handlers').then((m): Partial<Handlers> => m.settingsHandlers),
  workspaces: () => import('./workspaces/handlers').then((m): Partial<Handlers> => m.workspacesHandlers),
  sync: () => import('./sync/handlers').then((m): Partial<Handlers> => m.syncHandlers),
  records: () => import('./records/handlers').then((m): Partial<Handlers> => m.recordsHandlers),
  dashboard: () => import('./dashboard/handlers').then((m): Partial<Handlers> => m.dashboardHandlers),
  stats: () => import('./stats/handlers').then((m): Partial<Handlers> => m.statsHandlers),
  codes: () => import('./codes/handlers').then((m): Partial<Handlers> => m.codesHandlers),
  billing: () => import('./billing/handlers').then((m): Partial<Handlers> => m.billingHandlers),
  apps: () => import('./apps/handlers').then((m): Partial<Handlers> => m.appsHandlers),
  export: () => import('./export/handlers').then((m): Partial<Handlers> => m.exportHandlers),
  alerts: () => import('./alerts/handlers').then((m): Partial<Handlers> => m.alertsHandlers),
  toolkit: () => import('./toolkit/handlers').then((m): Partial<Handlers> => m.toolkitHandlers),
  triage: () => import('./triage/handlers').then((m): Partial<Handlers> => m.triageHandlers),
  backup: () => import('./backup/handlers').then((m): Partial<Handlers> => m.backupHandlers),
  archive: () => import('./archive/handlers').then((m): Partial<Handlers> => m.archiveHandlers),
  providers: () => import('./providers/handlers').then((m): Partial<Handlers> => m.providersHandlers),
  priceBooks: () => import('./billing/price-book-handlers').then((m): Partial<Handlers> => m.priceBookHandlers),
  teamStore: () => import('./team-store/handlers').then((m): Partial<Handlers> => m.teamStoreHandlers),
};
export type HandlerModule = keyof typeof modules;

/**
 * The handler module of every call: the contract module that defines it (call-index.ts, complete by
 * `CallName`), except the calls whose handlers live with another area. Handler modules carry the
 * contract modules' names, so a contract module without a handler module fails the typecheck;
 * lazy-handlers.test.ts checks every call against `handlers`.
 */
export const handlerModuleOf: { readonly [N in CallName]: HandlerModule } = {
  ...contractModuleOf,
  // The overview of every workspace is the registry's; the explanation of a return code is triage's.
  'providers.overview': 'workspaces',
  'triage.explain': 'triage',
};

const loading = new Map<HandlerModule, Promise<Partial<Handlers>>>();

/** The real handler of a call (its module loaded). */
export async function loadHandler(name: CallName): Promise<Handler<CallName>> {
  const module = handlerModuleOf[name];
  let table = loading.get(module);
  if (!table) {
    table = modules[module]();
    loading.set(module, table);
  }
  const handler = (await table)[name] as Handler<CallName> | undefined;
  if (!handler) throw new Error(`handler module ${module} has no handler for ${name} (electron/main/services/lazy-handlers.ts is out of date)`);
  return handler;
}

/** One handler per contract call, each loading its area's module when first called. */
export const lazyHandlers = Object.fromEntries(
  (Object.keys(handlerModuleOf) as CallName[]).map((name): [CallName, Handler<CallName>] => [
    name,
    async (ctx, input, signal) => (await loadHandler(name))(ctx, input, signal),
  ]),
) as Handlers;

/** The handler modules loaded so far (the laziness test). */
export function loadedHandlerModules(): HandlerModule[] {
  return [...loading.keys()];
}
