/**
 * How the administrator's calls on a team store (shared/contract/team-store.ts) reach it: the
 * door that opened the store (the CLI's `--store postgresql://…`) registers it under this key.
 * Types only besides the key, so the handler table loads no PostgreSQL client until a store is used.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { ServiceKey, type ServiceContext } from '../core/context';
import type { PlatformConnection } from '../platform/http-client';
import type { PgStore } from './pg-store';

export interface TeamStoreAccess {
  store: PgStore;
  /** The store as shown to people (no password). */
  display: string;
  /** Names this process where a writer is named (writer_status): command, host and pid. */
  writer: string;
  /** The platform a writer syncs from; null in a session that only reads or copies. */
  platform: PlatformConnection | null;
}

export const TEAM_STORE_EXTENSION = new ServiceKey<TeamStoreAccess>('team-store.admin');

/** The team store this session administers, or UNSUPPORTED naming where these steps run. */
export function teamStoreAccess(ctx: ServiceContext): TeamStoreAccess {
  const access = ctx.extensions.get(TEAM_STORE_EXTENSION);
  if (!access)
    throw new ApiError(
      'UNSUPPORTED',
      "the team store's administration (its writer, status and migration) runs from the command line: onetap sync --store …, onetap store status|migrate --store …",
    );
  return access;
}
