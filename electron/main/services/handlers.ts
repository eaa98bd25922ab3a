import type { Handlers } from './core/dispatch';
import { appHandlers } from './app/handlers';
import { settingsHandlers } from './settings/handlers';
import { workspacesHandlers } from './workspaces/handlers';
import { syncHandlers } from './sync/handlers';
import { recordsHandlers } from './records/handlers';
import { dashboardHandlers } from './dashboard/handlers';
import { statsHandlers } from './stats/handlers';
import { codesHandlers } from './codes/handlers';
import { billingHandlers } from './billing/handlers';
import { appsHandlers } from './apps/handlers';
import { exportHandlers } from './export/handlers';
import { alertsHandlers } from './alerts/handlers';
import { toolkitHandlers } from './toolkit/handlers';
import { triageHandlers } from './triage/handlers';
import { backupHandlers } from './backup/handlers';
import { archiveHandlers } from './archive/handlers';
import { providersHandlers } from './providers/handlers';
import { priceBookHandlers } from './billing/price-book-handlers';
import { teamStoreHandlers } from './team-store/handlers';

/** One handler per contract call; the type makes a missing one a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...settingsHandlers,
  ...workspacesHandlers,
  ...syncHandlers,
  ...recordsHandlers,
  ...dashboardHandlers,
  ...statsHandlers,
  ...codesHandlers,
  ...billingHandlers,
  ...appsHandlers,
  ...exportHandlers,
  ...alertsHandlers,
  ...toolkitHandlers,
  ...triageHandlers,
  ...backupHandlers,
  ...archiveHandlers,
  ...providersHandlers,
  ...priceBookHandlers,
  ...teamStoreHandlers,
};
