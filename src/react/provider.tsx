import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { type Cache, ConfigurationError } from '../core/internal';

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
  const value = useMemo(() => ({ cache: cache ?? null, disabled, setDisabled }), [cache, disabled]);
  return <CacheContext.Provider value={value}>{children}</CacheContext.Provider>;
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
  throw new ConfigurationError(
    'useCacheDisabled() has no <CacheProvider> above it to disable; wrap the tree in <CacheProvider cache={...}>.',
  );
}
