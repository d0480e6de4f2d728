import type { CacheStateHandle } from './types';

/**
 * `disable()`/`enable()` after the state is set: without a callback, a handle that calls `restore`
 * once when disposed; with one, runs it (awaiting it if async), restores even if it throws, and
 * returns its result.
 */
export function restoring<R>(restore: () => void, callback?: () => R): R | CacheStateHandle {
  let restored = false;
  const once = () => {
    if (restored) return;
    restored = true;
    restore();
  };
  if (!callback) return { restore: once, [Symbol.dispose]: once };
  let result: R;
  try {
    result = callback();
  } catch (error) {
    once();
    throw error;
  }
  if (result instanceof Promise) return result.finally(once) as R;
  once();
  return result;
}
