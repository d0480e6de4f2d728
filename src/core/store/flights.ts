import type { Cache } from '../cache/cache';
import type { ChangeWatch } from '../cache/changes';
import type { CacheEntry } from '../cache/entry';
import type { Model } from '../model';
import type { Query } from '../query/query';
import { type RetryPolicy, withRetries } from './retry';

/** A cache a backend call writes to, with the timeout its first caller asked for and what changed there meanwhile. */
interface Target {
  readonly timeout: number | null | undefined;
  readonly changes: ChangeWatch;
}

/** The backend's answer, the entries written of it, and the caches it skipped because something newer came first. */
export interface Landing {
  readonly value: unknown;
  /** When it landed (epoch milliseconds). */
  readonly at: number;
  /** The entry written to each target cache (none where disabled or written with timeout 0). */
  readonly entries: ReadonlyMap<Cache, CacheEntry>;
  readonly superseded: ReadonlySet<Cache>;
}

interface Flight {
  readonly query: string;
  /** Every cache a waiter asked for: callers under different providers share the call, not the cache. */
  readonly targets: Map<Cache, Target>;
  readonly controller: AbortController;
  readonly promise: Promise<Landing>;
  waiters: number;
}

type Run = (model: Model<unknown>, query: Query<any, any, any>, signal: AbortSignal) => Promise<unknown>;

/**
 * A store's backend calls in flight, one per key: identical queries share one, each caller can
 * leave (the call is aborted when the last one does), and the answer is written to every cache a
 * caller asked for, except where the key changed meanwhile.
 */
export class Flights {
  readonly #flights = new Map<string, Flight>();
  readonly #run: Run;

  constructor(run: Run) {
    this.#run = run;
  }

  /**
   * Whether a caller of `query` through `cache` may share the call under `key`: the same query, and nothing changed its
   * key there since it started.
   */
  joinable(key: string, query: Query<any, any, any>, cache: Cache | null): boolean {
    const flight = this.#flights.get(key);
    return (
      flight !== undefined &&
      flight.query === query.canonical &&
      !(cache && flight.targets.get(cache)?.changes.changed())
    );
  }

  join(
    key: string,
    model: Model<unknown>,
    query: Query<any, any, any>,
    cache: Cache | null,
    timeout: number | null | undefined,
    signal: AbortSignal | undefined,
    policy: RetryPolicy,
  ): Promise<Landing> {
    const running = this.#flights.get(key);
    let flight: Flight;
    if (this.joinable(key, query, cache)) flight = running!;
    else {
      flight = this.#start(key, model, query, policy);
      // A flight whose query collides with the running one under this key runs unshared; one overtaken by a change is
      // replaced.
      if (!running || running.query === query.canonical) this.#flights.set(key, flight);
    }
    if (cache && !flight.targets.has(cache)) flight.targets.set(cache, { timeout, changes: cache.changesOf(key) });
    return this.#wait(key, flight, signal);
  }

  #start(key: string, model: Model<unknown>, query: Query<any, any, any>, policy: RetryPolicy): Flight {
    const controller = new AbortController();
    const targets: Flight['targets'] = new Map();
    const flight: Flight = {
      query: query.canonical,
      controller,
      targets,
      waiters: 0,
      promise: withRetries(() => this.#run(model, query, controller.signal), policy, controller.signal).then(
        (value): Landing => {
          // Landed: from here on a caller starts afresh rather than join a call whose targets are settled.
          land();
          // Abandoned by every caller: the result may be partial, and nobody asked for it any more.
          controller.signal.throwIfAborted();
          const superseded = new Set<Cache>();
          const entries = new Map<Cache, CacheEntry>();
          for (const [target, { timeout, changes }] of targets) {
            if (changes.changed()) superseded.add(target);
            else {
              const entry = target.writeBehind(key, value, timeout, query.canonical);
              if (entry) entries.set(target, entry);
            }
          }
          return { value, at: Date.now(), entries, superseded };
        },
        (error: unknown) => {
          land();
          throw error;
        },
      ),
    };
    const land = () => {
      for (const { changes } of targets.values()) changes.close();
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    // Callers get the rejection through #wait; this only keeps an abandoned flight from being "unhandled".
    flight.promise.catch(() => {});
    return flight;
  }

  #wait(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<Landing> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise((resolve, reject) => {
      const leave = () => {
        flight.waiters--;
        reject(signal.reason);
        // Nobody waits any more: stop the backend call and let the next caller start afresh.
        if (flight.waiters === 0) {
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
          flight.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
    });
  }
}
