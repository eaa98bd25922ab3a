/**
 * Everything sync copies, in the order a run visits them (records before the months they span).
 * Apart from sync.ts (which re-exports it) so `onetap sync --help` lists them without zod.
 */
export const syncResources = ['apps', 'activities', 'records', 'usage', 'bills', 'packages', 'pricing'] as const;
export type SyncResource = (typeof syncResources)[number];
