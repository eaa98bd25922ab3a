import type { Handlers } from '../core/dispatch';

export const appHandlers: Pick<Handlers, 'app.info'> = {
  'app.info': (ctx) => ({
    name: 'onetap-console',
    version: ctx.version,
    mode: ctx.mode,
    dataDir: ctx.dataDir,
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    electron: ctx.electronVersion,
  }),
};
