/**
 * What changed under one key, or under one prefix, of a cache while an operation was under way.
 * A backend call or a slow read opens one before it looks at the cache and checks it before it
 * writes or loads what it found: a removal or a newer write that came in between wins, so an
 * older answer never lands over it.
 */
export class ChangeWatch {
  /** The key watched, or the prefix (see {@link isPrefix}). */
  readonly scope: string;
  readonly isPrefix: boolean;
  /** Every key changed (a clear, or an invalidation covering the whole scope). */
  #all = false;
  /** Keys set or deleted under a prefix scope. */
  #keys: Set<string> | undefined;
  /** Invalidated prefixes inside a prefix scope. */
  #prefixes: string[] | undefined;
  readonly #close: (watch: ChangeWatch) => void;

  constructor(scope: string, isPrefix: boolean, close: (watch: ChangeWatch) => void) {
    this.scope = scope;
    this.isPrefix = isPrefix;
    this.#close = close;
  }

  /** Whether `key` (by default the watched key) was set, deleted, invalidated or cleared since the watch began. */
  changed(key: string = this.scope): boolean {
    if (this.#all) return true;
    if (!this.isPrefix) return false;
    return this.#keys?.has(key) === true || this.#prefixes?.some((prefix) => key.startsWith(prefix)) === true;
  }

  /** Stops recording; the watch keeps answering what it saw. */
  close(): void {
    this.#close(this);
  }

  /** @internal Recorded by {@link ChangeLog}. */
  note(key: string | undefined, prefix?: string): void {
    if (!this.isPrefix || (key === undefined && (prefix === undefined || this.scope.startsWith(prefix))))
      this.#all = true;
    else if (key !== undefined) (this.#keys ??= new Set()).add(key);
    else (this.#prefixes ??= []).push(prefix!);
  }
}

/**
 * The open {@link ChangeWatch}es of one cache, told of every change. Only operations under way
 * are watched, so this holds a few entries at a time, whatever the size of the cache.
 */
export class ChangeLog {
  readonly #byKey = new Map<string, Set<ChangeWatch>>();
  readonly #prefixed = new Set<ChangeWatch>();

  /** Starts recording changes of `key`. */
  watchKey(key: string): ChangeWatch {
    const watch = new ChangeWatch(key, false, this.#forget);
    let set = this.#byKey.get(key);
    if (!set) this.#byKey.set(key, (set = new Set()));
    set.add(watch);
    return watch;
  }

  /** Starts recording changes of every key that starts with `prefix`. */
  watchPrefix(prefix: string): ChangeWatch {
    const watch = new ChangeWatch(prefix, true, this.#forget);
    this.#prefixed.add(watch);
    return watch;
  }

  /** `key` was set or deleted. */
  keyChanged(key: string): void {
    const set = this.#byKey.get(key);
    if (set) for (const watch of set) watch.note(key);
    for (const watch of this.#prefixed) if (key.startsWith(watch.scope)) watch.note(key);
  }

  /** Every key under `prefix` was removed (`''`: the whole cache). */
  prefixChanged(prefix: string): void {
    for (const [key, set] of this.#byKey) if (key.startsWith(prefix)) for (const watch of set) watch.note(key);
    for (const watch of this.#prefixed) {
      if (watch.scope.startsWith(prefix)) watch.note(undefined);
      else if (prefix.startsWith(watch.scope)) watch.note(undefined, prefix);
    }
  }

  #forget = (watch: ChangeWatch): void => {
    if (watch.isPrefix) {
      this.#prefixed.delete(watch);
      return;
    }
    const set = this.#byKey.get(watch.scope);
    set?.delete(watch);
    if (set?.size === 0) this.#byKey.delete(watch.scope);
  };
}
