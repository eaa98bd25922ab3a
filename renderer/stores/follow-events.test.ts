// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Workspace, WorkspacesList } from '../../shared/contract/workspaces';

const listeners = new Map<string, Set<(p: unknown) => void>>();
vi.mock('../api', () => ({
  api: {
    call: vi.fn(),
    on: (name: string, fn: (p: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(fn);
      listeners.set(name, set);
      return () => set.delete(fn);
    },
  },
}));

const { followEvents } = await import('./follow-events');
const { onWorkspaceSwitch } = await import('./workspace-switch');

const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((fn) => fn(payload));
const listening = (name: string) => listeners.get(name)?.size ?? 0;

function ws(id: string, extra: Partial<Workspace> = {}): Workspace {
  return {
    id,
    name: id,
    kind: 'remote',
    endpoint: `http://127.0.0.1/${id}`,
    accessKey: 'AK',
    active: false,
    secretStored: false,
    secretAvailable: true,
    role: 'admin',
    fromFlags: false,
    demoRole: null,
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}
function list(activeId: string, items: Workspace[]): WorkspacesList {
  return { items, activeId, secretStorage: { kind: 'memory', persistent: false, warning: null } };
}

describe('followEvents', () => {
  beforeEach(() => listeners.clear());

  it('subscribes for the first follower and unsubscribes after the last, each stop counting once', () => {
    const unsub = vi.fn();
    const subscribe = vi.fn(() => [unsub]);
    const first = vi.fn();
    const follow = followEvents(subscribe, first);
    const a = follow();
    const b = follow();
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);
    expect(follow.count).toBe(2);
    a();
    a();
    expect(unsub).not.toHaveBeenCalled();
    expect(follow.count).toBe(1);
    b();
    expect(unsub).toHaveBeenCalledTimes(1);
    expect(follow.count).toBe(0);
    follow()();
    expect(subscribe).toHaveBeenCalledTimes(2);
  });
});

describe('onWorkspaceSwitch', () => {
  beforeEach(() => listeners.clear());

  it('resets on a switch or a new key for the active workspace, not on edits of others', () => {
    const reset = vi.fn();
    const off = onWorkspaceSwitch(reset);
    emit('workspaces.changed', list('demo', [ws('demo'), ws('a')]));
    expect(reset).toHaveBeenCalledTimes(1); // first sight: cannot tell, so reset
    emit('workspaces.changed', list('demo', [ws('demo'), ws('a', { name: 'renamed' }), ws('b')]));
    expect(reset).toHaveBeenCalledTimes(1);
    emit('workspaces.changed', list('a', [ws('demo'), ws('a')]));
    expect(reset).toHaveBeenCalledTimes(2);
    emit('workspaces.changed', list('a', [ws('demo'), ws('a', { accessKey: 'AK2' })]));
    expect(reset).toHaveBeenCalledTimes(3);
    emit('workspaces.changed', list('a', [ws('demo'), ws('a', { accessKey: 'AK2', secretAvailable: false })]));
    expect(reset).toHaveBeenCalledTimes(4);
    off();
    expect(listening('workspaces.changed')).toBe(0);
    emit('workspaces.changed', list('demo', [ws('demo')]));
    expect(reset).toHaveBeenCalledTimes(4);
  });
});
