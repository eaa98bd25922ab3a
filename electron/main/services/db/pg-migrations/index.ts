/**
 * The PostgreSQL migrations of the team store: numbered per engine (this list is PostgreSQL's own
 * 1..n; the SQLite workspace list lives in ../migrations). Applied by team-store/pg-migrate.ts.
 */
import { pgCore } from './pg-0001-core';
import { pgRoles } from './pg-0002-roles';
import { pgExportHistory } from './pg-0003-export-history';
import { pgWorkspaceTables } from './pg-0004-workspace-tables';
import { pgStoreMigrations } from './pg-0005-store-migrations';
import { pgWriterStatus } from './pg-0006-writer-status';
import { pgAppVersions } from './pg-0008-app-versions';
import { pgArchivedMonths } from './pg-0009-archived-months';
import { pgCodeTotals } from './pg-0010-code-totals';

export interface PgMigration {
  version: number;
  name: string;
  up: string;
}

export const pgMigrations: readonly PgMigration[] = [
  pgCore,
  pgRoles,
  pgExportHistory,
  pgWorkspaceTables,
  pgStoreMigrations,
  pgWriterStatus,
  pgAppVersions,
  pgArchivedMonths,
  pgCodeTotals,
];
