// Replaced by bundlers; declared here so that the library's types need no Node typings.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** The kinds of fault a `RedisCache` survives. */
export type RedisFault =
  | 'unavailable'
  | 'timeout'
  | 'command'
  | 'garbage'
  | 'subscription'
  | 'too-large'
  | 'unserializable';

const ADVICE: Record<RedisFault, string> = {
  unavailable:
    'Redis is not connected (down, restarting or unreachable); reads miss and writes are skipped until it is',
  timeout: 'Redis did not answer within commandTimeout; reads miss and writes are skipped until it answers in time',
  command: 'Redis refused a command; that read missed or that write was skipped',
  garbage:
    'Redis answered something that is not a react-lifter record or reply (another app’s key, a server that is not ' +
    'Redis); it was read as a miss',
  subscription:
    'the connection that hears other processes’ changes was lost; the memory layer is emptied and bypassed until ' +
    'it is back',
  'too-large': 'a value was over maxValueBytes and was not stored in Redis (never truncated)',
  unserializable:
    'a value JSON cannot give back as it is (a Date, a Map, undefined, NaN…) was not stored in Redis; cache plain ' +
    'JSON data to share it between processes',
};

/** Faults of the connection, reported again after Redis has answered once more. */
const PASSING: ReadonlySet<RedisFault> = new Set(['unavailable', 'timeout', 'command', 'garbage', 'subscription']);

/**
 * Reports each kind of fault once: to `onError`, and as a console warning outside production. A
 * fault of the connection is reported again after Redis has been answering in between, so that each
 * outage is told once. The cache keeps answering either way.
 */
export class FaultReporter {
  readonly #seen = new Set<RedisFault>();
  readonly #onError: ((error: unknown, fault: RedisFault) => void) | undefined;
  readonly #cacheName: string;

  constructor(cacheName: string, onError?: (error: unknown, fault: RedisFault) => void) {
    this.#cacheName = cacheName;
    this.#onError = onError;
  }

  report(fault: RedisFault, error: unknown): void {
    if (this.#seen.has(fault)) return;
    this.#seen.add(fault);
    try {
      this.#onError?.(error, fault);
    } catch (thrown) {
      // A throwing onError is the app's bug: shown, but it must not stop the cache from answering its callers.
      console.error(thrown);
    }
    try {
      // Written literally so that bundlers replace it (see src/idb/faults.ts).
      if (process.env.NODE_ENV !== 'production') {
        console.warn(`react-lifter: RedisCache ${this.#cacheName}: ${ADVICE[fault]}.`, error);
      }
    } catch {
      // No `process`: no mode to go by, so no warning (onError was told).
    }
  }

  /** Redis answered: the next outage is reported again. */
  recovered(): void {
    for (const fault of this.#seen) if (PASSING.has(fault)) this.#seen.delete(fault);
  }
}
