// Replaced by bundlers; declared here so that the library's types need no Node typings.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** The kinds of IndexedDB fault an `IndexedDBCache` survives. */
export type IndexedDBFault = 'unavailable' | 'open' | 'blocked' | 'quota' | 'transaction' | 'clone';

const ADVICE: Record<IndexedDBFault, string> = {
  unavailable:
    'IndexedDB is not available here (server rendering, an old browser, or a private mode that disables it); ' +
    'results are kept in memory only',
  open:
    'the database could not be opened (a sandboxed or opaque-origin page may not use IndexedDB); ' +
    'results are kept in memory only',
  blocked: 'the database did not open in time (another tab may be holding an upgrade); results are kept in memory only',
  quota: 'the browser refused a write: storage quota exceeded; results are kept in memory only',
  transaction: 'an IndexedDB transaction failed; results are kept in memory only',
  clone:
    'a cached value could not be written because IndexedDB cannot clone it (a function, ' +
    'a symbol or a DOM node inside); such values are kept in memory only, and every other entry is written. ' +
    'Cache plain data (objects, arrays, Dates, Maps) to persist it',
};

/**
 * Reports each kind of fault once: to `onError`, and as a console warning
 * outside production. The cache keeps working from memory either way.
 */
export class FaultReporter {
  readonly #seen = new Set<IndexedDBFault>();
  readonly #onError: ((error: unknown, fault: IndexedDBFault) => void) | undefined;
  readonly #cacheName: string;

  constructor(cacheName: string, onError?: (error: unknown, fault: IndexedDBFault) => void) {
    this.#cacheName = cacheName;
    this.#onError = onError;
  }

  report(fault: IndexedDBFault, error: unknown): void {
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
        console.warn(`react-lifter: IndexedDBCache ${this.#cacheName}: ${ADVICE[fault]}.`, error);
      }
    } catch {
      // See above.
    }
  }
}
