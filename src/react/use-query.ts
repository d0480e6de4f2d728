import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
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
  /** Seconds the result lives in the cache, overriding its default; fetched again when it expires while shown. */
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
  const { observer, subscribe } = useObserver('useQuery', store, model, query, options);
  const view = useMemo(() => new TrackedView<ResultOf<T, Out, A>>(observer), [observer]);
  return view.wrap(useSyncExternalStore(subscribe, view.getSnapshot, view.getSnapshot));
}

/** The view behind a tracked result (a non-enumerable own property). */
const VIEW = Symbol('react-lifter.view');

/** One getter per snapshot field, shared by every tracked result: each notes the read on its view. */
const FIELDS = [
  'data',
  'error',
  'status',
  'isFetching',
  'source',
  'refetch',
  'key',
  'isPreviousData',
  'isStale',
] as const;
// Every field of a snapshot has its getter: a field added to QuerySnapshot and not here fails to compile.
const everyField: Exclude<keyof QuerySnapshot<unknown>, (typeof FIELDS)[number]> extends never ? true : never = true;
void everyField;
const GETTERS: PropertyDescriptorMap = Object.fromEntries(
  FIELDS.map((name) => [
    name,
    {
      enumerable: true,
      get(this: { [VIEW]: TrackedView<unknown> }) {
        return this[VIEW].read(name);
      },
    },
  ]),
);

/**
 * What a component reads of its query's snapshot, so that it re-renders only when that changes (a
 * list that reads `data` does not re-render when `isFetching` flips). A field is read through a
 * getter, in render or later (in an effect or a handler): from then on it counts, and it reads the
 * observer's current value.
 */
class TrackedView<R> {
  readonly #observer: QueryObserver<any, any, any>;
  readonly #read = new Set<string>();
  #shown: QuerySnapshot<R> | undefined;
  #wrapped: { of: QuerySnapshot<R>; result: QuerySnapshot<R> } | undefined;

  constructor(observer: QueryObserver<any, any, any>) {
    this.#observer = observer;
  }

  /** The observer's snapshot, or the one shown if nothing read of it changed. */
  getSnapshot = (): QuerySnapshot<R> => {
    const next = this.#observer.getSnapshot() as QuerySnapshot<R>;
    const shown = this.#shown;
    if (shown && this.#readSame(shown, next)) return shown;
    this.#shown = next;
    return next;
  };

  /** Whether every field read so far is the same in both. */
  #readSame(a: QuerySnapshot<R>, b: QuerySnapshot<R>): boolean {
    for (const name of this.#read) if (!Object.is(field(a, name), field(b, name))) return false;
    return true;
  }

  /** Notes a read of `name` and gives its current value. */
  read(name: string): unknown {
    this.#read.add(name);
    return field(this.#observer.getSnapshot(), name);
  }

  /** The result a render returns for `snapshot`: one object per snapshot, so that it can be a dependency. */
  wrap(snapshot: QuerySnapshot<R>): QuerySnapshot<R> {
    if (this.#wrapped?.of !== snapshot) {
      const result = Object.defineProperties({ [VIEW]: this }, GETTERS) as unknown as QuerySnapshot<R>;
      Object.defineProperty(result, VIEW, { enumerable: false });
      this.#wrapped = { of: snapshot, result };
    }
    return this.#wrapped.result;
  }
}

function field(snapshot: object, name: string): unknown {
  return (snapshot as Record<string, unknown>)[name];
}

/**
 * The observer of a hook's query: one per query and settings, made during render and handed what
 * the observer on screen shows (kept when the query is the same, or as previous data). Nothing runs
 * until it is subscribed, which is when it is on screen.
 */
export function useObserver<T, Out, A extends Action>(
  hook: string,
  store: Store,
  model: Model<T>,
  query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
  options: UseQueryOptions,
): { observer: QueryObserver<T, Out, A>; subscribe: (listener: () => void) => () => void; cache: Cache | null } {
  const context = useCacheContext();
  checkStore(store, `${hook}: the store (first argument)`);
  assertModel(model, `${hook}: the model (second argument)`);
  const q = toQuery(query, `${hook}: the query (third argument)`) as Query<T, Out, A>;
  const cache = context.disabled ? null : (context.cache ?? store.cache);
  const { enabled, timeout, keepPreviousData, retry, retryDelay, staleAfter } = options;
  const { refetchOnWindowFocus, refetchOnReconnect, refetchInterval } = options;
  // The observer on screen (the last one subscribed): what a new one takes over from.
  const onScreen = useRef<QueryObserver<any, any, any> | undefined>(undefined);
  const observer = useMemo(
    () =>
      new QueryObserver(store, model, q, {
        ...{ cache, enabled, timeout, keepPreviousData, retry, retryDelay, staleAfter },
        ...{ refetchOnWindowFocus, refetchOnReconnect, refetchInterval },
        // Read in render on purpose: a new observer starts from what is on screen (what was committed), and
        // nothing else depends on it. (Keeping it in state instead costs a second render per query change.)
        // eslint-disable-next-line react-hooks/refs
        previous: onScreen.current,
      }),
    // Keyed on the canonical query, not the object: a query written inline in render is a new object every time,
    // but the same query, so it must not make a new observer (and a new fetch). The retry delay is read when a
    // query starts: one written inline must not make a new observer either.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      store,
      model,
      q.canonical,
      cache,
      enabled,
      timeout,
      keepPreviousData,
      retry,
      staleAfter,
      refetchOnWindowFocus,
      refetchOnReconnect,
      refetchInterval,
    ],
  );
  const subscribe = useCallback(
    (listener: () => void) => {
      onScreen.current = observer;
      return observer.subscribe(listener);
    },
    [observer],
  );
  return { observer, subscribe, cache };
}
