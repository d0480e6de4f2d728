import { useCallback, useEffect, useRef, useState } from 'react';
import {
  assertModel,
  type Cache,
  checkStore,
  type Creatable,
  type IdOf,
  Manager,
  message,
  type Model,
  type OptimisticCache,
  OptimisticChanges,
  type Store,
  type WriteOptions,
} from '../core/internal';
import { useCacheContext } from './provider';

/** Options of {@link useMutation}. */
export interface UseMutationOptions<T, V, R> {
  /** Called with the write's result once it succeeded (after the invalidation). */
  onSuccess?: (data: R, variables: V) => unknown;
  /** Called with the error once the write failed (after the rollback of optimistic changes). */
  onError?: (error: Error, variables: V) => unknown;
  /** Called after either. */
  onSettled?: (data: R | undefined, error: Error | undefined, variables: V) => unknown;
  /**
   * Invalidate the model's cached queries after a successful write (in the provider's cache, the
   * store's own and every cache the store answered into): mounted hooks fetch them again. Default `true`.
   */
  invalidate?: boolean;
  /**
   * Changes cached results at once, before the write is sent: `cache.update(query, (current) =>
   * next)`. Rolled back if the write fails; replaced by the server's data (the invalidation) if it
   * succeeds.
   */
  optimistic?: (variables: V, cache: OptimisticCache<T>) => void;
}

/** What {@link useMutation} returns. */
export interface UseMutationResult<V, R> {
  /** Runs the write; its failure is in `error` (and `onError`), never thrown. */
  mutate: (variables: V) => void;
  /** Runs the write and resolves to its result, or rejects with its error. */
  mutateAsync: (variables: V) => Promise<R>;
  status: 'idle' | 'pending' | 'success' | 'error';
  /** The last write's result. */
  data: R | undefined;
  error: Error | undefined;
  /** What the last write was called with. */
  variables: V | undefined;
  /** Back to `idle`, forgetting the last write. */
  reset: () => void;
}

interface State<V, R> {
  status: UseMutationResult<V, R>['status'];
  data: R | undefined;
  error: Error | undefined;
  variables: V | undefined;
}

const idle = { status: 'idle', data: undefined, error: undefined, variables: undefined } as const;

/**
 * Writes through a store: `mutate(manager, variables)` usually returns `manager.create(variables)`,
 * `manager.update(id, patch)` or `manager.delete(id)`. After success the model's cached queries are
 * invalidated (mounted hooks fetch them again); `optimistic` changes cached results at once and is
 * rolled back if the write fails.
 *
 * @example
 * const add = useMutation(store, Todo, (todos, title: string) => todos.create({ title, done: false }));
 * <button onClick={() => add.mutate('Buy milk')} disabled={add.status === 'pending'}>Add</button>
 */
export function useMutation<T, K extends string, V, R>(
  store: Store,
  model: Model<T, K>,
  mutate: (manager: Manager<T, T, 'list', K>, variables: V) => Promise<R>,
  options: UseMutationOptions<T, V, R> = {},
): UseMutationResult<V, R> {
  checkStore(store, 'useMutation: the store (first argument)');
  assertModel(model, 'useMutation: the model (second argument)');
  if (typeof mutate !== 'function') {
    throw new TypeError(message(228));
  }
  const context = useCacheContext();
  const cache = context.disabled ? null : (context.cache ?? store.cache);
  const [state, setState] = useState<State<V, R>>(idle);
  // The latest arguments, read when a write runs: callbacks written inline must not make new functions.
  const latest = useRef({ store, model, mutate, options, cache });
  useEffect(() => {
    latest.current = { store, model, mutate, options, cache };
  });
  const mounted = useRef(true);
  const calls = useRef(0);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const mutateAsync = useCallback(async (variables: V): Promise<R> => {
    const { store, model, mutate, options, cache } = latest.current;
    const call = ++calls.current;
    // Only the latest write of this hook, while it is mounted, shows its state.
    const show = (next: State<V, R>) => {
      if (mounted.current && call === calls.current) setState(next);
    };
    const changes = new OptimisticChanges(store, model, cache);
    show({ status: 'pending', data: undefined, error: undefined, variables });
    const manager = new WritingManager(store, model, { cache, invalidate: options.invalidate });
    try {
      options.optimistic?.(variables, changes);
      const data = await mutate(manager, variables);
      // A write made some other way than through the manager is invalidated here, as the manager's would be.
      if (!manager.wrote && options.invalidate !== false) await store.invalidate(model, { cache });
      show({ status: 'success', data, error: undefined, variables });
      await options.onSuccess?.(data, variables);
      await options.onSettled?.(data, undefined, variables);
      return data;
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      changes.rollback();
      show({ status: 'error', data: undefined, error, variables });
      await options.onError?.(error, variables);
      await options.onSettled?.(undefined, error, variables);
      throw error;
    }
  }, []);

  const run = useCallback((variables: V) => void mutateAsync(variables).catch(() => {}), [mutateAsync]);
  const reset = useCallback(() => {
    calls.current++;
    setState(idle);
  }, []);
  return { ...state, mutate: run, mutateAsync, reset };
}

/** The manager a mutation gets: its writes go through the provider's cache and settings, and are noted. */
class WritingManager<T, K extends string> extends Manager<T, T, 'list', K> {
  wrote = false;
  readonly #defaults: WriteOptions;

  constructor(store: Store, model: Model<T, K>, defaults: { cache: Cache | null; invalidate: boolean | undefined }) {
    super(store, model);
    this.#defaults = {
      cache: defaults.cache,
      ...(defaults.invalidate === undefined ? {} : { invalidate: defaults.invalidate }),
    };
  }

  override create(values: Creatable<T, K>, options?: WriteOptions): Promise<T> {
    this.wrote = true;
    return super.create(values, { ...this.#defaults, ...options });
  }

  override update(id: IdOf<T, K>, patch: Partial<T>, options?: WriteOptions): Promise<T> {
    this.wrote = true;
    return super.update(id, patch, { ...this.#defaults, ...options });
  }

  override delete(id: IdOf<T, K>, options?: WriteOptions): Promise<void> {
    this.wrote = true;
    return super.delete(id, { ...this.#defaults, ...options });
  }
}
