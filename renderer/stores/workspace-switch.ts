/**
 * The one place that decides "the workspace was switched" for every store. `workspaces.changed`
 * also fires when a connection is added, renamed or tested; only a change of the active workspace
 * (or of its endpoint, key, role, demo role or secret: other data, other allowed actions) resets what stores hold.
 * Stores register their reset here instead of each reading `workspaces.changed` its own way.
 */
import { api } from '../api';
import type { WorkspacesList } from '../../shared/contract/workspaces';

const handlers = new Set<() => void>();
let unsubscribe: (() => void) | null = null;
/** Fingerprint of the active workspace last seen; undefined before the first event. */
let seen: string | undefined;

/** What makes another workspace for the data: its id, where it connects, with which key and role. */
export function activeFingerprint(l: WorkspacesList): string {
  const w = l.items.find((x) => x.id === l.activeId);
  return JSON.stringify([l.activeId, w?.endpoint ?? null, w?.accessKey ?? null, w?.role ?? null, w?.secretAvailable ?? null, w?.demoRole ?? null]);
}

function changed(l: WorkspacesList): void {
  const next = activeFingerprint(l);
  const switched = seen !== next;
  seen = next;
  // Before anything was seen we cannot tell: a reload too many is harmless, a missed switch is not.
  if (switched) for (const h of [...handlers]) h();
}

/** Calls `reset` after each workspace switch until the returned function is called. */
export function onWorkspaceSwitch(reset: () => void): () => void {
  handlers.add(reset);
  unsubscribe ??= api.on('workspaces.changed', changed);
  return () => {
    handlers.delete(reset);
    if (handlers.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  };
}
