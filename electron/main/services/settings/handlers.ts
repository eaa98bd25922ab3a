import type { Handlers } from '../core/dispatch';
import { settingsRepo } from './settings-repo';

export const settingsHandlers: Pick<Handlers, 'settings.get' | 'settings.set'> = {
  'settings.get': (ctx) => settingsRepo(ctx.consoleDb).read(),
  'settings.set': (ctx, patch) => settingsRepo(ctx.consoleDb).write(patch),
};
