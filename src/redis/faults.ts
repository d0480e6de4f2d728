import { FaultReporter } from '../core/internal';

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

/** {@link ADVICE} in development builds; nothing in production, whose bundles then drop its texts. */
function adviceInDevelopment(): typeof ADVICE | undefined {
  try {
    // Written literally so that bundlers replace it; unbundled, where there is no `process`, it throws.
    if (process.env.NODE_ENV !== 'production') return ADVICE;
  } catch {
    // No mode to go by: no advice (the fault is still reported, by kind).
  }
  return undefined;
}

/**
 * Reports each kind of Redis fault once (see the core's `FaultReporter`); a fault of the connection is
 * reported again after Redis has been answering in between ({@link recovered}), so each outage is told once.
 */
export class RedisFaults extends FaultReporter<RedisFault> {
  constructor(cacheName: string, onError?: (error: unknown, fault: RedisFault) => void) {
    super(`RedisCache ${cacheName}`, adviceInDevelopment(), onError);
  }

  /** Redis answered: the next outage is reported again. */
  recovered(): void {
    this.forget(PASSING);
  }
}
