/**
 * `--workspace NAME|ID` of `sync`, `bill month` and `reconcile`: starts the services on the
 * console's data folder, finds the saved workspace by name or id and switches to it, all through
 * dispatch. Secrets are kept in memory outside Electron, so a saved workspace's secret is given
 * again with --secret-key (or ONETAP_SECRET_KEY) for this run.
 */
import type { CallName, CallOutput } from '../../shared/contract';
import type { Workspace } from '../../shared/contract/workspaces';
import type { ServiceContext } from '../main/services/core/context';
import { openSession } from './session';

export interface WorkspaceFlags {
  workspace?: string;
  dataDir?: string;
  secretKey?: string;
}

export interface OnWorkspace {
  ctx: ServiceContext;
  ws: Workspace;
  call<N extends CallName>(name: N, input?: unknown): Promise<CallOutput<N>>;
}

export async function withWorkspace<T>(flags: WorkspaceFlags & { workspace: string }, fn: (on: OnWorkspace) => Promise<T>): Promise<T> {
  const services = await openSession(flags.dataDir ? { dataDir: flags.dataDir } : {}, { db: 'boot', backgroundSync: false });
  const call = <N extends CallName>(name: N, input: unknown = {}): Promise<CallOutput<N>> => services.call(name, input);
  try {
    let ws = await call('workspaces.resolve', { nameOrId: flags.workspace });
    const secret = flags.secretKey ?? process.env.ONETAP_SECRET_KEY;
    if (secret && ws.kind === 'remote') ws = await call('workspaces.update', { id: ws.id, secretKey: secret });
    ws = await call('workspaces.activate', { id: ws.id });
    return await fn({ ctx: services.ctx, ws, call });
  } finally {
    await services.close();
  }
}
