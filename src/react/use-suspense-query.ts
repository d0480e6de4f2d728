import { useSyncExternalStore } from 'react';
import type {
  Action,
  Answer,
  Cache,
  ChangeWatch,
  Model,
  Query,
  QueryObserver,
  QuerySnapshot,
  ResultOf,
  Store,
} from '../core/internal';
import { type UseQueryOptions, useObserver } from './use-query';

/** Options of {@link useSuspenseQuery}: those of `useQuery`, less `enabled` and `keepPreviousData` (use a transition). */
export type UseSuspenseQueryOptions = Omit<UseQueryOptions, 'enabled' | 'keepPreviousData'>;

/** What {@link useSuspenseQuery} returns: `data` is always there (an error without data goes to the error boundary). */
export type UseSuspenseQueryResult<R> = Omit<QuerySnapshot<R>, 'status' | 'data' | 'error'> &
  (
    | { readonly status: 'success'; readonly data: R; readonly error: undefined }
    | { readonly status: 'error'; readonly data: R; readonly error: Error }
  );

/**
 * A fetch a render suspended on, and how it ended: kept until a render of that query takes it, unless the
 * cache changed under its key since (a write or a removal is newer than the answer: it is not handed on).
 */
interface Suspension {
  readonly query: string;
  readonly promise: Promise<void>;
  outcome?: { answer: Answer<unknown> } | { error: Error };
  changes?: ChangeWatch | undefined;
}

/** How long an ended fetch is kept for a suspended render that never came back. */
const KEPT_MS = 30_000;

/** Suspended fetches by cache (or by store, without one) and key. */
const suspensions = new WeakMap<object, Map<string, Suspension>>();

/**
 * `useQuery` for React Suspense: suspends until the query has data (a hit in
 * the cache's memory layer does not suspend at all), throws a store error to
 * the nearest error boundary, and returns `data` that is never `undefined`.
 * A query changed inside `startTransition` keeps the old content on screen
 * until the new data is there.
 *
 * @example
 * const { data: users } = useSuspenseQuery(store, User, query(User).orderBy('name'));
 */
export function useSuspenseQuery<T, Out, A extends Action>(
  store: Store,
  model: Model<T>,
  query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
  options: UseSuspenseQueryOptions = {},
): UseSuspenseQueryResult<ResultOf<T, Out, A>> {
  const { enabled: _enabled, keepPreviousData: _kept, ...rest } = options as UseQueryOptions;
  const { observer, subscribe, cache } = useObserver('useSuspenseQuery', store, model, query, rest);
  if (observer.getSnapshot().status === 'pending') suspend(observer, store, model, cache, rest);
  const snapshot = useSyncExternalStore(subscribe, observer.getSnapshot, observer.getSnapshot);
  // Once mounted, data only goes on an error without any data to keep (a removal keeps it while fetching again).
  if (snapshot.status === 'error' && snapshot.data === undefined) throw snapshot.error;
  return snapshot as UseSuspenseQueryResult<ResultOf<T, Out, A>>;
}

/**
 * Throws what a render without data must: the promise of the query's fetch (started once for every
 * render asking), or its error. Returns once the fetch answered, having shown the answer.
 */
function suspend<T, Out, A extends Action>(
  observer: QueryObserver<T, Out, A>,
  store: Store,
  model: Model<T>,
  cache: Cache | null,
  options: UseSuspenseQueryOptions,
): void {
  let byKey = suspensions.get(cache ?? store);
  if (!byKey) suspensions.set(cache ?? store, (byKey = new Map()));
  const { key, query } = observer;
  const drop = (suspension: Suspension) => {
    if (byKey.get(key) !== suspension) return;
    byKey.delete(key);
    suspension.changes?.close();
  };
  const found = byKey.get(key);
  if (found?.query === query.canonical && found.outcome && !found.changes?.changed()) {
    if ('answer' in found.outcome) {
      drop(found);
      return observer.prime(found.outcome.answer as Answer<ResultOf<T, Out, A>>);
    }
    // Kept for the rest of this task: React renders once more, at once, before it gives an error to the boundary.
    // Gone after it, so that a boundary that resets starts a new fetch.
    setTimeout(() => drop(found));
    throw found.outcome.error;
  }
  if (found?.query === query.canonical && !found.outcome) throw found.promise;
  if (found) drop(found);
  const { timeout, retry = 3, retryDelay, staleAfter } = options;
  const suspension: Suspension = {
    query: query.canonical,
    promise: store.answer(model, query, { cache, timeout, retry, retryDelay, staleAfter }).then(
      (answer) => ended({ answer }),
      (error: unknown) => ended({ error: error as Error }),
    ),
  };
  const ended = (outcome: Suspension['outcome']) => {
    suspension.outcome = outcome;
    // The answer is in the cache by now: only what comes after it counts.
    suspension.changes = cache?.changesOf(key);
    setTimeout(() => drop(suspension), KEPT_MS);
  };
  byKey.set(key, suspension);
  throw suspension.promise;
}
