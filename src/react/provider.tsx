import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { type Cache, ConfigurationError, message } from '../core/internal';

declare const process: { readonly env: { readonly NODE_ENV?: string } };

interface CacheContextValue {
  readonly cache: Cache | null;
  readonly disabled: boolean;
  readonly setDisabled: ((disabled: boolean) => void) | null;
}

const CacheContext = createContext<CacheContextValue>({ cache: null, disabled: false, setDisabled: null });

/** Props of {@link CacheProvider}. */
export interface CacheProviderProps {
  /** The cache hooks below read and write. Without one, hooks use each store's own cache. */
  cache?: Cache | null;
  /** Start with the cache disabled for this subtree (toggle it with `useCacheDisabled`). */
  disabled?: boolean;
  children?: ReactNode;
}

/**
 * Holds the cache for a subtree; providers nest and the nearest wins.
 *
 * @example
 * <CacheProvider cache={new MemoryCache({ defaultTimeout: 600 })}><App /></CacheProvider>
 */
export function CacheProvider({ cache, disabled: initiallyDisabled = false, children }: CacheProviderProps) {
  const [disabled, setDisabled] = useState(initiallyDisabled);
  const [lastProp, setLastProp] = useState(initiallyDisabled);
  if (lastProp !== initiallyDisabled) {
    // The `disabled` prop changed: follow it (React's "adjust state on prop change" pattern).
    setLastProp(initiallyDisabled);
    setDisabled(initiallyDisabled);
  }
  // In development only: a production build drops the check, its message and its map.
  if (process.env.NODE_ENV !== 'production' && cache) checkServerCache(cache);
  const value = useMemo(() => ({ cache: cache ?? null, disabled, setDisabled }), [cache, disabled]);
  return <CacheContext.Provider value={value}>{children}</CacheContext.Provider>;
}

/** Server renders per cache (a server has no `window`), to catch one cache shared by every request. */
const serverRenders = new WeakMap<Cache, number>();
let warned = false;

/**
 * In development on a server, warns once when one cache is rendered by a third server render: a
 * cache made at module level serves every request, so one user's results reach another. (Two
 * renders of one request, a data pass then the real one, are fine.)
 */
function checkServerCache(cache: Cache): void {
  if (typeof window !== 'undefined' || warned || cache.shared) return;
  const renders = (serverRenders.get(cache) ?? 0) + 1;
  serverRenders.set(cache, renders);
  if (renders < 3) return;
  warned = true;
  console.warn(
    'react-lifter: the same cache was given to <CacheProvider> in three server renders. A cache made once at ' +
      "module level is shared by every request, so one user's results are served to another: make one per " +
      'request, e.g. <CacheProvider cache={new MemoryCache()}> inside the request handler, or, for data that is the ' +
      'same for every user, say so with { shared: true }.',
  );
}

/** @internal The nearest provider's settings. */
export function useCacheContext(): CacheContextValue {
  return useContext(CacheContext);
}

/**
 * The nearest provider's cache, or `null` without one (for `invalidate`, `clear`, stats).
 */
export function useCache(): Cache | null {
  return useContext(CacheContext).cache;
}

/**
 * `[disabled, setDisabled]` for the nearest {@link CacheProvider}: while
 * disabled, hooks below it neither read nor write the cache, as inside
 * lifter's `with cache.disable():`.
 */
export function useCacheDisabled(): [disabled: boolean, setDisabled: (disabled: boolean) => void] {
  const { disabled, setDisabled } = useContext(CacheContext);
  return [disabled, setDisabled ?? missingProvider];
}

function missingProvider(): never {
  throw new ConfigurationError(message(227));
}
