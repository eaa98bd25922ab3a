/**
 * How a store follows the main process's events while screens use it: the first follower
 * subscribes, the last one to stop unsubscribes, and each "stop" works once. One helper instead of
 * a counter and an unsubscribe list copied into every store.
 *
 *   const follow = followEvents(() => [api.on('apps.changed', changed), onWorkspaceSwitch(changed)]);
 *   onMounted(() => (stop = store.follow()));  onBeforeUnmount(() => stop());
 */
export interface Follower {
  (): () => void;
  /** How many followers are active now (a store reloads on events only while someone looks). */
  readonly count: number;
}

export function followEvents(subscribe: () => readonly (() => void)[], onFirst?: () => void): Follower {
  let followers = 0;
  let unsubscribe: readonly (() => void)[] = [];
  const follow = (): (() => void) => {
    if (followers++ === 0) {
      unsubscribe = subscribe();
      onFirst?.();
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--followers === 0) {
        for (const u of unsubscribe) u();
        unsubscribe = [];
      }
    };
  };
  Object.defineProperty(follow, 'count', { get: () => followers });
  return follow as Follower;
}
