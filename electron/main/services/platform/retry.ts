/**
 * Retries with jittered exponential backoff ("full jitter": a random wait up to the capped
 * exponential), so many consoles that lost the platform at once do not come back in step.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { TransientError } from './errors';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

export function cancelled(): ApiError {
  return new ApiError('CANCELLED', 'cancelled');
}

/** Sleeps, waking early (with CANCELLED) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks {
  random?: () => number;
  signal?: AbortSignal;
  /** Told about each failed try that will be retried (for logs and progress; never secrets). */
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
}

/** Runs `attempt` until it succeeds, throws a non-transient error, or the tries run out. */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  const random = hooks.random ?? Math.random;
  for (let n = 1; ; n++) {
    if (hooks.signal?.aborted) throw cancelled();
    try {
      return await attempt(n);
    } catch (e) {
      if (!(e instanceof TransientError)) throw e;
      if (n >= policy.attempts) {
        const final = e.final;
        throw new ApiError(final.code, `${final.message} (after ${n} tries; last: ${e.reason})`, {
          ...(final.fields ? { fields: final.fields } : {}),
          detail: { ...final.detail, attempts: n, reason: e.reason },
        });
      }
      const delayMs = backoffDelay(policy, n - 1, random);
      hooks.onRetry?.({ attempt: n, reason: e.reason, delayMs });
      await sleep(delayMs, hooks.signal);
    }
  }
}
