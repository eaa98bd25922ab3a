/**
 * The contract one module at a time: which contract module defines each call, and that module's
 * schemas loaded when a call of it is first made. `index.ts` builds every namespace's zod schemas
 * at once, which the long-running doors (Electron, the browser host) can afford; a one-shot
 * command line cannot (building them all is most of a command's start), so `dispatch` validates
 * through this index and builds only the called namespace's. The schemas are the same objects
 * `calls` holds, so the checks are exactly the same.
 */
import type { CallName, Calls } from './index';

/** Each contract module's call table, loaded on first use. */
const modules = {
  app: () => import('./app').then((m) => m.appCalls),
  settings: () => import('./settings').then((m) => m.settingsCalls),
  workspaces: () => import('./workspaces').then((m) => m.workspacesCalls),
  sync: () => import('./sync').then((m) => m.syncCalls),
  records: () => import('./records').then((m) => m.recordsCalls),
  dashboard: () => import('./dashboard').then((m) => m.dashboardCalls),
  stats: () => import('./stats').then((m) => m.statsCalls),
  codes: () => import('./codes').then((m) => m.codesCalls),
  billing: () => import('./billing').then((m) => m.billingCalls),
  apps: () => import('./apps').then((m) => m.appsCalls),
  export: () => import('./export').then((m) => m.exportCalls),
  alerts: () => import('./alerts').then((m) => m.alertsCalls),
  toolkit: () => import('./toolkit').then((m) => m.toolkitCalls),
  backup: () => import('./backup').then((m) => m.backupCalls),
  providers: () => import('./providers').then((m) => m.providersCalls),
  archive: () => import('./archive').then((m) => m.archiveCalls),
  priceBooks: () => import('./price-books').then((m) => m.priceBooksCalls),
  teamStore: () => import('./team-store').then((m) => m.teamStoreCalls),
};
export type ContractModule = keyof typeof modules;

/**
 * The contract module of every call. Typed by `CallName`, so a call added to the contract without
 * a line here (or a line for a call that is gone) fails the typecheck; call-index.test.ts checks
 * each line names the module that really defines the call.
 */
export const contractModuleOf: { readonly [N in CallName]: ContractModule } = {
  'app.info': 'app',
  'store.status': 'teamStore',
  'store.sync': 'teamStore',
  'store.daemon': 'teamStore',
  'store.migrate': 'teamStore',
  'settings.get': 'settings',
  'settings.set': 'settings',
  'workspaces.list': 'workspaces',
  'workspaces.create': 'workspaces',
  'workspaces.resolve': 'workspaces',
  'workspaces.update': 'workspaces',
  'workspaces.remove': 'workspaces',
  'workspaces.test': 'workspaces',
  'workspaces.activate': 'workspaces',
  'workspaces.demoRole': 'workspaces',
  'workspaces.addTeamStore': 'workspaces',
  'workspaces.testTeamStore': 'workspaces',
  'sync.run': 'sync',
  'sync.cancel': 'sync',
  'sync.status': 'sync',
  'records.search': 'records',
  'records.get': 'records',
  'records.apps': 'records',
  'dashboard.summary': 'dashboard',
  'dashboard.trendSvg': 'dashboard',
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
  'triage.explain': 'toolkit',
  'toolkit.inspect': 'toolkit',
  'toolkit.signExplain': 'toolkit',
  'toolkit.sendToDemo': 'toolkit',
  'backup.create': 'backup',
  'backup.list': 'backup',
  'backup.restore': 'backup',
  'backup.cancel': 'backup',
  'providers.test': 'providers',
  'providers.schemes.list': 'providers',
  'providers.schemes.add': 'providers',
  'providers.schemes.create': 'providers',
  'providers.schemes.describe': 'providers',
  'providers.schemes.delete': 'providers',
  'providers.sync': 'providers',
  'providers.bill': 'providers',
  'providers.reconcile': 'providers',
  'providers.reconcileLine': 'providers',
  'providers.packages.add': 'providers',
  'providers.packages.remove': 'providers',
  'providers.testConnection': 'providers',
  'providers.overview': 'providers',
  'billing.books': 'providers',
  'billing.compare': 'providers',
  'archive.list': 'archive',
  'archive.create': 'archive',
  'archive.import': 'archive',
  'archive.verify': 'archive',
  'archive.setRetention': 'archive',
  'archive.apply': 'archive',
  'archive.cancel': 'archive',
  'priceBooks.list': 'priceBooks',
  'priceBooks.get': 'priceBooks',
  'priceBooks.save': 'priceBooks',
  'priceBooks.delete': 'priceBooks',
  'workspaces.priceBooks': 'priceBooks',
  'workspaces.setPriceBooks': 'priceBooks',
};

/** A call name of the contract, told without building any schema. */
export function isIndexedCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contractModuleOf, name);
}

const loading = new Map<ContractModule, Promise<Record<string, Calls[CallName]>>>();

/** The input and output schemas of one call (the same objects as `calls[name]`), building only its module's. */
export async function loadCallSchemas<N extends CallName>(name: N): Promise<Calls[N]> {
  const module = contractModuleOf[name];
  let table = loading.get(module);
  if (!table) {
    table = modules[module]() as Promise<Record<string, Calls[CallName]>>;
    loading.set(module, table);
  }
  const schemas = (await table)[name];
  if (!schemas) throw new Error(`contract module ${module} does not define ${name} (shared/contract/call-index.ts is out of date)`);
  return schemas as Calls[N];
}

/** The contract modules built so far (the laziness test). */
export function loadedContractModules(): ContractModule[] {
  return [...loading.keys()];
}
