import { ChangeLog, type ChangeWatch } from './changes';
import type { CacheEvent } from './types';

/**
 * What a cache tells: its subscribers hear every change and read, and the change watches of
 * operations under way record the changes, so that an older answer never lands over a newer one.
 */
export abstract class CacheEvents {
  readonly #listeners = new Set<(event: CacheEvent) => void>();
  readonly #changes = new ChangeLog();

  /**
   * Calls `listener` on every set, delete, invalidation, clear, enable/disable and read; returns the
   * unsubscribe function.
   */
  subscribe(listener: (event: CacheEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * @internal Records whether `key` changes (is set, deleted, invalidated or cleared) from now on,
   * until the watch is closed: an operation that looked at the cache before a change must not write
   * or load what it found after it.
   */
  changesOf(key: string): ChangeWatch {
    return this.#changes.watchKey(key);
  }

  /** @internal {@link changesOf} for every key under `prefix`. */
  changesUnder(prefix: string): ChangeWatch {
    return this.#changes.watchPrefix(prefix);
  }

  /** Whether anyone listens (reads are only told then). */
  protected get listened(): boolean {
    return this.#listeners.size > 0;
  }

  /** Tells subscribers about a change (subclasses call it for changes that come from elsewhere, e.g. other tabs). */
  protected emit(event: CacheEvent): void {
    if (event.type === 'set' || event.type === 'delete') this.#changes.keyChanged(event.key);
    else if (event.type === 'invalidate') this.#changes.prefixChanged(event.prefix);
    else if (event.type === 'clear') this.#changes.prefixChanged('');
    for (const listener of [...this.#listeners]) listener(event);
  }

  /** Records a change of `key` that subscribers are not told of (a write that stores nothing). */
  protected noteChange(key: string): void {
    this.#changes.keyChanged(key);
  }
}
