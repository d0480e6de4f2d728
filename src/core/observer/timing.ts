import { isStale, staleAfterOf } from '../cache/entry';
import type { Answer } from '../store/store';
import type { ObserverOptions } from './snapshot';
import { message } from '../texts';

/** The longest delay `setTimeout` keeps (about 24.8 days); a longer one would fire at once. */
const LONGEST_TIMER = 2 ** 31 - 1;

/** What comes due for a watched query: its data expired (fetch again), a poll, or its data went stale (tell). */
type Due = 'expired' | 'poll' | 'stale';

/**
 * A watched query's clock: when the data shown was fetched and when its cache entry expires, its
 * `staleAfter` and `refetchInterval`, and the one timer that wakes the observer when something
 * comes due.
 */
export class Timing {
  readonly staleAfter: number | null;
  readonly interval: number | null;
  /** The data shown (this query's own, and not after an error): when fetched, and when its entry expires. */
  shown: Pick<Answer<unknown>, 'fetchedAt' | 'expiresAt'> | undefined;
  /** When the last fetch ended, whatever its outcome: what a poll counts from when no data is timed. */
  settledAt: number | undefined;
  /** A poll came due while the page was hidden: it runs when the page is shown again. */
  pollMissed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ObserverOptions) {
    const { cache, staleAfter, refetchInterval } = options;
    this.staleAfter = staleAfterOf(staleAfter, cache);
    this.interval = checkInterval(refetchInterval);
  }

  /** Whether the data shown is older than `staleAfter` at `now`. */
  isStale(now = Date.now()): boolean {
    return this.shown !== undefined && isStale(this.shown.fetchedAt, this.staleAfter, now);
  }

  /** Whether focus or reconnect should fetch: `staleAfter` is set and the data shown is stale (or none was timed). */
  wantsRevalidation(): boolean {
    return this.staleAfter !== null && (this.shown === undefined || this.isStale());
  }

  /** What is due at `now`, if anything; `markedStale`: the data is already shown as stale. */
  due(now: number, markedStale: boolean): Due | undefined {
    const { shown } = this;
    if (shown?.expiresAt != null && now >= shown.expiresAt) return 'expired';
    const polled = this.#polledAt();
    if (polled !== undefined && now >= polled) return 'poll';
    if (!markedStale && this.isStale(now)) return 'stale';
    return undefined;
  }

  /** Sets the timer to call `wake` when the next thing comes due (none if nothing will). */
  schedule(markedStale: boolean, wake: () => void): void {
    this.clear();
    const { shown } = this;
    let at = shown?.expiresAt ?? Number.POSITIVE_INFINITY;
    if (shown && this.staleAfter !== null && !markedStale) at = Math.min(at, shown.fetchedAt + this.staleAfter * 1000);
    at = Math.min(at, this.#polledAt() ?? Number.POSITIVE_INFINITY);
    if (at === Number.POSITIVE_INFINITY) return;
    // A timer fires no later than asked; one that cannot hold the delay wakes early and is set again.
    this.#timer = setTimeout(wake, Math.min(Math.max(at - Date.now(), 0), LONGEST_TIMER));
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** When the next poll is due: an interval after the data shown was fetched (else after the last fetch ended). */
  #polledAt(): number | undefined {
    const from = this.shown?.fetchedAt ?? this.settledAt;
    if (this.interval === null || from === undefined || this.pollMissed) return undefined;
    return from + this.interval * 1000;
  }
}

/** `refetchInterval` checked: seconds above 0, or `null` for none (`false` or left out). */
function checkInterval(interval: unknown): number | null {
  if (interval === undefined || interval === false) return null;
  if (typeof interval !== 'number' || !(interval > 0) || interval === Number.POSITIVE_INFINITY) {
    throw new RangeError(message(209, interval));
  }
  return interval;
}
