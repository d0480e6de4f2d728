import { ConfigurationError, StoreError } from '../errors';
import { message } from '../texts';

/** How a backend call retries its transient failures. */
export interface RetryPolicy {
  /** How many times a failed call is tried again. */
  readonly retry: number;
  /** Milliseconds to wait before a retry; `attempt` is 0 before the first one. */
  readonly retryDelay: (attempt: number, error: Error) => number;
}

/** 1 s, 2 s, 4 s, … capped at 30 s, each drawn between half and all of it so that clients spread out. */
function defaultRetryDelay(attempt: number): number {
  const full = Math.min(1000 * 2 ** attempt, 30_000);
  return full / 2 + (Math.random() * full) / 2;
}

/** The policy these options ask for, checked (a `ConfigurationError` naming `where` and the option). */
export function retryPolicy(retry: unknown, retryDelay: unknown, fallback: number, where: string): RetryPolicy {
  const times = retry === undefined ? fallback : retry === false ? 0 : retry;
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 0) {
    throw new ConfigurationError(message(211, where, retry));
  }
  if (retryDelay !== undefined && typeof retryDelay !== 'function') {
    throw new ConfigurationError(message(212, where, retryDelay));
  }
  return { retry: times, retryDelay: (retryDelay as RetryPolicy['retryDelay'] | undefined) ?? defaultRetryDelay };
}

/**
 * Runs `call`, trying again after a transient failure (a `StoreError`: 5xx, network) as the policy
 * says. A refused or inexpressible query (`BadQuery`, `InvalidQuery`, `UnsupportedQuery`,
 * `DoesNotExist`, …) fails at once; an abort stops the retries.
 */
export async function withRetries<V>(call: () => Promise<V>, policy: RetryPolicy, signal: AbortSignal): Promise<V> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.retry || signal.aborted || !(error instanceof StoreError)) throw error;
      await sleep(policy.retryDelay(attempt, error), signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', abort, { once: true });
  });
}
