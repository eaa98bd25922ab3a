/**
 * One message to one channel, retried with exponential backoff on network errors, 5xx, 429 and
 * robot answers that say "try later"; a refused signature or a bad URL is not retried. Runs on
 * its own promise: nothing waits for it but whoever asked for the result (never sync).
 */
import type { ChannelKind } from '../../../../../shared/contract/alerts';
import { buildRequest, responseError, type RobotMessage } from './robots';

export interface DeliveryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { attempts: 4, baseMs: 2_000, maxMs: 60_000, timeoutMs: 10_000 };

export interface SendResult {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
  ms: number;
}

export interface ChannelTarget {
  kind: ChannelKind;
  url: string;
  secret: string | null;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

const THROTTLED = /^(130101|45009|9499|11232):/;

/** Network errors, timeouts, 429, 5xx and a robot's "too fast" answers are worth another try. */
function retryable(status: number | null, error: string): boolean {
  if (status === null || status === 429 || status >= 500) return true;
  // DingTalk 130101 (send too fast), WeCom 45009 (frequency limit), Feishu 9499 / 11232 (rate limit).
  return THROTTLED.test(error);
}

export async function sendWithRetry(
  target: ChannelTarget,
  message: RobotMessage,
  policy: DeliveryPolicy,
  now: () => number,
  signal?: AbortSignal,
): Promise<SendResult> {
  const started = Date.now();
  let status: number | null = null;
  let error = 'not sent';
  let attempts = 0;
  while (attempts < policy.attempts && !signal?.aborted) {
    if (attempts > 0) await sleep(Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1)), signal);
    attempts++;
    // Signed afresh each attempt: robots refuse timestamps older than about an hour.
    const req = buildRequest(target.kind, target.url, target.secret, message, now());
    try {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const res = await fetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        redirect: 'error',
      });
      const text = await res.text();
      status = res.status;
      const refused = responseError(target.kind, res.status, text);
      if (refused === null) return { ok: true, attempts, status, error: null, ms: Date.now() - started };
      error = refused;
      if (!retryable(status, refused)) break;
    } catch (e) {
      status = null;
      error = e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e);
    }
  }
  return { ok: false, attempts, status, error, ms: Date.now() - started };
}
