/**
 * The handler table with each area's handler module loaded when one of its calls is first made:
 * what the command line dispatches through, so a command loads the services of the calls it makes
 * and not every area's (importing `handlers.ts` loads them all: the long-running doors use that).
 * Each entry waits for its module and runs the real handler; `dispatch` awaits handlers anyway, so
 * a call through this table validates, runs and fails exactly as through `handlers`.
 */
import type { CallName } from '../../../shared/contract';
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
 * The handler module of every call. Typed by `CallName`, so a new call without a line here fails
 * the typecheck; lazy-handlers.test.ts checks each line against `handlers`.
 */
export const handlerModuleOf: { readonly [N in CallName]: HandlerModule } = {
  'app.info': 'app',
  'store.status': 'teamStore',
  'store.sync': 'teamStore',
  'store.daemon': 'teamStore',
  'store.migrate': 'teamStore',
  'settings.get': 'settings',
  'settings.set': 'settings',
  'workspaces.list': 'workspaces',
  'workspaces.create': 'workspaces',
  'workspaces.update': 'workspaces',
  'workspaces.remove': 'workspaces',
  'workspaces.test': 'workspaces',
  'workspaces.activate': 'workspaces',
  'workspaces.demoRole': 'workspaces',
  'workspaces.addTeamStore': 'workspaces',
  'workspaces.testTeamStore': 'workspaces',
  'workspaces.resolve': 'workspaces',
  'providers.overview': 'workspaces',
  'sync.run': 'sync',
  'sync.cancel': 'sync',
  'sync.status': 'sync',
  'records.search': 'records',
  'records.get': 'records',
  'records.apps': 'records',
  'dashboard.summary': 'dashboard',
  'stats.daily': 'stats',
  'stats.day': 'stats',
  'stats.failures': 'stats',
  'codes.search': 'codes',
  'codes.lookup': 'codes',
  'billing.month': 'billing',
  'billing.quote': 'billing',
  'billing.reconcile': 'billing',
  'billing.reconcileRecords': 'billing',
  'billing.packages': 'billing',
  'billing.export': 'billing',
  'billing.statementPdf': 'billing',
  'apps.list': 'apps',
  'apps.get': 'apps',
  'apps.create': 'apps',
  'apps.update': 'apps',
  'apps.remove': 'apps',
  'apps.review': 'apps',
  'apps.validate': 'apps',
  'apps.revealKey': 'apps',
  'apps.discardPending': 'apps',
  'export.records': 'export',
  'export.cancel': 'export',
  'export.history': 'export',
  'export.verify': 'export',
  'alerts.check': 'alerts',
  'alerts.inbox': 'alerts',
  'alerts.history': 'alerts',
  'alerts.acknowledge': 'alerts',
  'alerts.snooze': 'alerts',
  'alerts.rules': 'alerts',
  'alerts.ruleSet': 'alerts',
  'alerts.channels': 'alerts',
  'alerts.channelAdd': 'alerts',
  'alerts.channelRemove': 'alerts',
  'alerts.channelTest': 'alerts',
  'toolkit.inspect': 'toolkit',
  'toolkit.signExplain': 'toolkit',
  'toolkit.sendToDemo': 'toolkit',
  'triage.explain': 'triage',
  'backup.create': 'backup',
  'backup.list': 'backup',
  'backup.restore': 'backup',
  'backup.cancel': 'backup',
  'archive.list': 'archive',
  'archive.create': 'archive',
  'archive.import': 'archive',
  'archive.verify': 'archive',
  'archive.setRetention': 'archive',
  'archive.apply': 'archive',
  'archive.cancel': 'archive',
  'providers.test': 'providers',
  'providers.testConnection': 'providers',
  'providers.packages.add': 'providers',
  'providers.packages.remove': 'providers',
  'providers.reconcileLine': 'providers',
  'providers.schemes.list': 'providers',
  'providers.schemes.add': 'providers',
  'providers.schemes.create': 'providers',
  'providers.schemes.describe': 'providers',
  'providers.schemes.delete': 'providers',
  'providers.sync': 'providers',
  'providers.bill': 'providers',
  'providers.reconcile': 'providers',
  'billing.books': 'providers',
  'billing.compare': 'providers',
  'priceBooks.list': 'priceBooks',
  'priceBooks.get': 'priceBooks',
  'priceBooks.save': 'priceBooks',
  'priceBooks.delete': 'priceBooks',
  'workspaces.priceBooks': 'priceBooks',
  'workspaces.setPriceBooks': 'priceBooks',
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
