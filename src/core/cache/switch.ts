import { CacheEvents } from './events';
import type { CacheStateHandle } from './types';

/** A cache's on/off state: a disabled cache misses every read and ignores every write. */
export abstract class CacheSwitch extends CacheEvents {
  #enabled: boolean;

  constructor(enabled: boolean) {
    super();
    this.#enabled = enabled;
  }

  /** Whether reads and writes go through. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /**
   * Disables the cache. Without a callback, returns a handle that restores the
   * previous state when disposed (`using _ = cache.disable()`); with one, runs
   * it (awaiting it if async), restores the previous state even if it throws,
   * and returns its result.
   */
  disable(): CacheStateHandle;
  disable<R>(callback: () => R): R;
  disable<R>(callback?: () => R): R | CacheStateHandle {
    return this.#withState(false, callback);
  }

  /** Enables the cache; same handle and callback forms as {@link disable}. */
  enable(): CacheStateHandle;
  enable<R>(callback: () => R): R;
  enable<R>(callback?: () => R): R | CacheStateHandle {
    return this.#withState(true, callback);
  }

  #setEnabled(enabled: boolean): void {
    if (this.#enabled === enabled) return;
    this.#enabled = enabled;
    this.emit({ type: 'enabled', enabled });
  }

  #withState<R>(enabled: boolean, callback?: () => R): R | CacheStateHandle {
    const previous = this.#enabled;
    this.#setEnabled(enabled);
    return restoring(() => this.#setEnabled(previous), callback);
  }
}

/**
 * `disable()`/`enable()` after the state is set: without a callback, a handle that calls `restore`
 * once when disposed; with one, runs it (awaiting it if async), restores even if it throws, and
 * returns its result.
 */
function restoring<R>(restore: () => void, callback?: () => R): R | CacheStateHandle {
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
