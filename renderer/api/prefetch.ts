/**
 * Calls started before the app exists. The page's first view needs a few answers (the settings, what
 * the console is, the dashboard's summary) that do not depend on anything the app computes, so the
 * boot module (renderer/boot/early-calls.ts, its own small script in the page) asks for them while
 * Vue, naive-ui and the shell are still downloading and being evaluated. A store's first call of the
 * same name and input then takes the answer (or the request still on its way) instead of asking again.
 *
 * Each prefetched answer is taken once, and only while fresh: a later call (a reload, a change of
 * filter) always asks the host.
 */
import type { Api, CallInput, CallName, CallOutput } from '../../shared/contract';
import { api } from './index';

/** How long after its answer arrived a prefetched result still counts as the current one. */
export const PREFETCH_FRESH_MS = 5_000;

interface Early {
  result: Promise<unknown>;
  /** When the answer arrived (`Infinity` while it is on its way). */
  settledAt: number;
}

const early = new Map<string, Early>();

/** Inputs are plain JSON from one writer, so equal inputs have equal texts. */
const keyOf = (name: CallName, input: unknown): string => `${name} ${JSON.stringify(input ?? {})}`;

/** Starts `name(input)` now through the page's door, for a later `takePrefetched` of the same call. */
export function prefetchCall<N extends CallName>(
  name: N,
  input: CallInput<N>,
  door: Pick<Api, 'call'> = api,
  now: () => number = Date.now,
): Promise<CallOutput<N>> {
  const entry: Early = { result: door.call(name, input), settledAt: Infinity };
  const settled = (): void => void (entry.settledAt = now());
  // Nobody may ever take it (the user went elsewhere): a failure must not surface as unhandled.
  entry.result.then(settled, settled);
  early.set(keyOf(name, input), entry);
  return entry.result as Promise<CallOutput<N>>;
}

/**
 * The answer to `name(input)` started early, once: `undefined` when none was started, it was
 * already taken, or it arrived more than PREFETCH_FRESH_MS ago. Rejects as the call would have.
 */
export function takePrefetched<N extends CallName>(name: N, input: CallInput<N>, now: () => number = Date.now): Promise<CallOutput<N>> | undefined {
  const key = keyOf(name, input);
  const entry = early.get(key);
  if (!entry) return undefined;
  early.delete(key);
  if (now() - entry.settledAt > PREFETCH_FRESH_MS) return undefined;
  return entry.result as Promise<CallOutput<N>>;
}
