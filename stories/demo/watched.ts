import { useSyncExternalStore } from 'react';

/** A value that changes, and tells the page when it does (read it with {@link useWatched}). */
export class Watched<T> {
  #value: T;
  #listeners = new Set<() => void>();
  constructor(value: T) {
    this.#value = value;
  }
  get = (): T => this.#value;
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  protected set(value: T): void {
    this.#value = value;
    for (const listener of [...this.#listeners]) listener();
  }
}

/** The current value, kept up to date. */
export function useWatched<T>(watched: Watched<T>): T {
  return useSyncExternalStore(watched.subscribe, watched.get, watched.get);
}

/** Counts backend calls, and tells the page when the count changes. */
export class CallCounter extends Watched<number> {
  constructor() {
    super(0);
  }
  add(): void {
    this.set(this.get() + 1);
  }
}
