import type { Migration } from '../migrate';
import { consoleCore } from './console-0001-core';
import { consoleProviders } from './console-0002-providers';
import { workspaceCore } from './workspace-0001-core';
import { workspaceApps } from './workspace-0002-apps';
import { workspaceExports } from './workspace-0003-exports';
import { workspaceRollupGrains } from './workspace-0004-rollup-grains';
import { workspaceAlerts } from './workspace-0005-alerts';
import { workspaceProviderSchemes } from './workspace-0006-provider-schemes';
import { workspaceCompactRecords } from './workspace-0007-compact-records';
import { workspaceRollupSlots } from './workspace-0014-rollup-slots';
import { consoleAlertChannels } from './console-0003-alert-channels';
import { workspaceArchives } from './workspace-0013-archives';
import { workspaceCatalogueDescriptions } from './workspace-0021-catalogue-descriptions';
import { workspaceBillableMonths } from './workspace-0015-billable-months';
import { workspaceRollupTotalsByWriters } from './workspace-0022-rollup-totals-by-writers';
import { consolePriceBooks } from './console-0004-price-books';

/** Migrations of the console database, in order. Append; never edit a released one. */
export const consoleMigrations: readonly Migration[] = [consoleCore, consoleProviders, consoleAlertChannels, consolePriceBooks];

/** Migrations of a workspace database, in order. Append; never edit a released one. */
export const workspaceMigrations: readonly Migration[] = [
  workspaceCore,
  workspaceApps,
  workspaceExports,
  workspaceRollupGrains,
  workspaceAlerts,
  workspaceProviderSchemes,
  workspaceCompactRecords,
  workspaceArchives,
  workspaceRollupSlots,
  workspaceCatalogueDescriptions,
  workspaceBillableMonths,
  workspaceRollupTotalsByWriters,
];
