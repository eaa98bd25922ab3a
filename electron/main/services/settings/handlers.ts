import type { Handlers } from '../core/dispatch';
import { readSettings, writeSettings } from './settings-repo';

export const settingsHandlers: Pick<Handlers, 'settings.get' | 'settings.set'> = {
  'settings.get': (ctx) => readSettings(ctx.consoleDb),
  'settings.set': (ctx, patch) => writeSettings(ctx.consoleDb, patch),
};
