// Replaced by bundlers; declared here so that the library's types need no Node typings.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * Reports each kind of fault of a cache once: to `onError`, and as a console warning outside
 * production, with the advice for that kind. The cache keeps answering either way. Shared by the
 * IndexedDB and Redis caches.
 */
export class FaultReporter<F extends string> {
  readonly #seen = new Set<F>();
  readonly #cacheName: string;
  readonly #advice: Readonly<Record<F, string>> | undefined;
  readonly #onError: ((error: unknown, fault: F) => void) | undefined;

  /**
   * `cacheName` as warnings name it, e.g. `IndexedDBCache "react-lifter/cache"`; `advice` for each kind, given in
   * development builds only (by a check of `process.env.NODE_ENV` where the texts are), so that production bundles
   * drop its texts.
   */
  constructor(
    cacheName: string,
    advice: Readonly<Record<F, string>> | undefined,
    onError?: (error: unknown, fault: F) => void,
  ) {
    this.#cacheName = cacheName;
    this.#advice = advice;
    this.#onError = onError;
  }

  report(fault: F, error: unknown): void {
    if (this.#seen.has(fault)) return;
    this.#seen.add(fault);
    try {
      this.#onError?.(error, fault);
    } catch (thrown) {
      // A throwing onError is the app's bug: shown, but it must not stop the cache from answering its callers.
      console.error(thrown);
    }
    try {
      // Written literally so that bundlers replace it and drop the warning from production builds. Run
      // unbundled where there is no `process`, it throws: no mode to go by, so no warning (onError was told).
      if (process.env.NODE_ENV !== 'production') {
        console.warn(`react-lifter: ${this.#cacheName}: ${this.#advice?.[fault] ?? fault}.`, error);
      }
    } catch {
      // See above.
    }
  }

  /** These kinds of fault are reported again the next time they happen (the cause went away meanwhile). */
  forget(faults: ReadonlySet<F>): void {
    for (const fault of this.#seen) if (faults.has(fault)) this.#seen.delete(fault);
  }
}
