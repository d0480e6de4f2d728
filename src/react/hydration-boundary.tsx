import { type ReactNode, useEffect, useMemo } from 'react';
import { ConfigurationError, type DehydratedState, hydrate, message } from '../core/internal';
import { useCacheContext } from './provider';

/** Props of {@link HydrationBoundary}. */
export interface HydrationBoundaryProps {
  /** What `dehydrate(cache)` gave on the server (parsed back from the page). */
  state: DehydratedState;
  children?: ReactNode;
}

/**
 * Writes a server's {@link DehydratedState} into the nearest provider's cache before its children
 * render, so that their first render is a memory hit: no loading state, no backend call, no
 * hydration mismatch. Results the cache already holds from the same time or later win.
 *
 * @example
 * <CacheProvider cache={cache}><HydrationBoundary state={window.__LIFTER__}><App /></HydrationBoundary></CacheProvider>
 */
export function HydrationBoundary({ state, children }: HydrationBoundaryProps) {
  const { cache } = useCacheContext();
  if (!cache) {
    throw new ConfigurationError(message(226));
  }
  // Results the cache does not hold yet are written during render, so that the children's first render finds
  // them; nothing shows them yet, so nobody is told of a change in the middle of a render.
  useMemo(() => hydrate(cache, state, { only: 'new' }), [cache, state]);
  // Newer results for keys already shown are written after the render, where hooks may re-render with them.
  useEffect(() => {
    hydrate(cache, state, { only: 'held' });
  }, [cache, state]);
  return children;
}
