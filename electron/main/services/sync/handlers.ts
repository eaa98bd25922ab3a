import { extension, type ServiceContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { SYNC_EXTENSION, type SyncCoordinator } from './coordinator';

function coordinator(ctx: ServiceContext): SyncCoordinator {
  return extension(ctx, SYNC_EXTENSION);
}

// Handlers of the 'sync' contract entries (shared/contract/sync.ts).
export const syncHandlers: Pick<Handlers, 'sync.run' | 'sync.cancel' | 'sync.status'> = {
  'sync.run': (ctx, input) => coordinator(ctx).run(input.resources),
  'sync.cancel': (ctx) => ({ cancelled: coordinator(ctx).cancel() }),
  'sync.status': (ctx) => coordinator(ctx).status(),
};
