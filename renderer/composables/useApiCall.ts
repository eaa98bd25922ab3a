/**
 * One contract call with the state a view needs around it: `data`, `loading` and `error`.
 * When a call is re-run before the previous one answered (a filter changed), only the newest
 * answer is kept, so a slow old answer never overwrites the current one.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { api } from '../api';
import type { CallInput, CallName, CallOutput } from '../../shared/contract';

export interface ApiCall<N extends CallName> {
  data: ShallowRef<CallOutput<N> | null>;
  error: ShallowRef<unknown>;
  loading: Ref<boolean>;
  /**
   * Resolves with the answer, or `undefined` when the call failed (see `error`) or a newer run
   * superseded it. `early`: the same call already on its way (`takePrefetched`), used instead of asking.
   */
  run(input: CallInput<N>, early?: Promise<CallOutput<N>>): Promise<CallOutput<N> | undefined>;
  /** Forgets any pending answer and clears the state. */
  reset(): void;
}

export interface ApiCallOptions {
  /** Keep showing the previous data while a new run loads (default true: tables do not flash empty). */
  keepData?: boolean;
  /**
   * Keep showing the previous error while a new run loads; the next answer replaces it (default
   * false). For background reloads (after a sync) where a banner should not blink away and back.
   */
  keepError?: boolean;
}

export function useApiCall<N extends CallName>(name: N, options: ApiCallOptions = {}): ApiCall<N> {
  const keepData = options.keepData ?? true;
  const keepError = options.keepError ?? false;
  // Cast: TS cannot relate a ref of the generic output to the distributed union of all outputs.
  const data = shallowRef(null) as ShallowRef<CallOutput<N> | null>;
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  let generation = 0;

  async function run(input: CallInput<N>, early?: Promise<CallOutput<N>>): Promise<CallOutput<N> | undefined> {
    const mine = ++generation;
    loading.value = true;
    if (!keepError) error.value = null;
    if (!keepData) data.value = null;
    try {
      const out = await (early ?? api.call(name, input));
      if (mine !== generation) return undefined;
      data.value = out;
      error.value = null;
      return out;
    } catch (e) {
      if (mine !== generation) return undefined;
      error.value = e;
      return undefined;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function reset(): void {
    generation++;
    data.value = null;
    error.value = null;
    loading.value = false;
  }

  return { data, error, loading, run, reset };
}
