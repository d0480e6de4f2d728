import { useState, useSyncExternalStore } from 'react';
import {
  type Action,
  assertModel,
  type Cache,
  checkStore,
  type Model,
  type Query,
  QueryObserver,
  type QuerySnapshot,
  type ResultOf,
  type Store,
  toQuery,
} from '../core/internal';
import { useCacheContext } from './provider';

/** Options of {@link useQuery}. */
export interface UseQueryOptions {
  /** `false`: fetch nothing (data already in the cache's memory layer is still shown). Default `true`. */
  enabled?: boolean;
  /** Seconds the result lives in the cache, overriding the cache's default; fetched again when it expires while shown. */
  timeout?: number | null;
  /**
   * When the query changes, keep showing this hook's last data (`isPreviousData: true`, `status:
   * 'success'`) until the new query's arrives, instead of a loading state. Default `false`.
   */
  keepPreviousData?: boolean;
  /**
   * How many times a backend call that failed transiently (`StoreError`: 5xx, network) is tried
   * again before `status: 'error'`; a refused query (`BadQuery`, …) never is. Default 3.
   */
  retry?: number | false;
  /** Milliseconds before each retry (`attempt` 0 first). Default: 1 s, 2 s, 4 s… with jitter, capped at 30 s. */
  retryDelay?: (attempt: number, error: Error) => number;
  /**
   * Seconds after which the data is stale: still shown (`isStale: true`), and revalidated by one
   * backend call shared by every hook on the key, on mount and when the user or the network comes
   * back. Default: the cache's `staleAfter` (`null`: never stale).
   */
  staleAfter?: number | null;
  /** Revalidate stale data when the window gets the focus or the tab is shown again. Default `true`. */
  refetchOnWindowFocus?: boolean;
  /** Revalidate stale data when the browser is back online. Default `true`. */
  refetchOnReconnect?: boolean;
  /** Seconds between backend calls while mounted (paused while the page is hidden), or `false`. Default `false`. */
  refetchInterval?: number | false;
}

/** What {@link useQuery} returns. */
export type UseQueryResult<R> = QuerySnapshot<R>;

/**
 * Runs a query through the nearest provider's cache (else the store's own),
 * re-rendering when its result changes. A hit in the cache's memory layer is
 * there in the first render; identical queries share one backend call.
 *
 * @example
 * const { data, status, error, refetch } = useQuery(store, User, query(User).filter({ age: { gte: 18 } }));
 */
export function useQuery<T, Out, A extends Action>(
  store: Store,
  model: Model<T>,
  query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
  options: UseQueryOptions = {},
): UseQueryResult<ResultOf<T, Out, A>> {
  const { observer } = useObserver('useQuery', store, model, query, options);
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
}

/**
 * The observer of a hook's query: one per query and settings, made during render (React's "adjust
 * state during render" pattern), handing over what the previous one shows when the query is the same.
 * Nothing runs until it is subscribed.
 */
export function useObserver<T, Out, A extends Action>(
  hook: string,
  store: Store,
  model: Model<T>,
  query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
  options: UseQueryOptions,
): { observer: QueryObserver<T, Out, A>; cache: Cache | null } {
  const context = useCacheContext();
  checkStore(store, `${hook}: the store (first argument)`);
  assertModel(model, `${hook}: the model (second argument)`);
  const q = toQuery(query, `${hook}: the query (third argument)`) as Query<T, Out, A>;
  const cache = context.disabled ? null : (context.cache ?? store.cache);
  const { retryDelay, ...rest } = options;
  // Keyed on the canonical query, not the object: a query written inline in render is a new
  // object every time, but the same query, so it must not make a new observer (and a new fetch).
  // The retry delay is read when a query starts: a retryDelay written inline must not make a new observer.
  const settings = { store, model, canonical: q.canonical, cache, ...rest };
  const [current, setCurrent] = useState(() => ({
    settings,
    observer: new QueryObserver(store, model, q, { ...rest, cache, retryDelay }),
  }));
  if (sameSettings(current.settings, settings)) return { observer: current.observer, cache };
  const observer = new QueryObserver(store, model, q, { ...rest, cache, retryDelay, previous: current.observer });
  setCurrent({ settings, observer });
  return { observer, cache };
}

function sameSettings(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => name in b && Object.is(a[name], b[name]));
}
