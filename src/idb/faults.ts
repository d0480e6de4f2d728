/** The kinds of IndexedDB fault an `IndexedDBCache` survives. */
export type IndexedDBFault = 'unavailable' | 'open' | 'blocked' | 'quota' | 'transaction';

const ADVICE: Record<IndexedDBFault, string> = {
  unavailable: 'IndexedDB is not available here (server rendering, an old browser, or a private mode that disables it)',
  open: 'the database could not be opened',
  blocked: 'the database did not open in time (another tab may be holding an upgrade)',
  quota: 'the browser refused a write: storage quota exceeded',
  transaction: 'an IndexedDB transaction failed',
};

/**
 * Reports each kind of fault once: to `onError`, and as a console warning
 * outside production. The cache keeps working from memory either way.
 */
export class FaultReporter {
  readonly #seen = new Set<IndexedDBFault>();
  readonly #onError: ((error: unknown, fault: IndexedDBFault) => void) | undefined;
  readonly #where: string;

  constructor(where: string, onError?: (error: unknown, fault: IndexedDBFault) => void) {
    this.#where = where;
    this.#onError = onError;
  }

  report(fault: IndexedDBFault, error: unknown): void {
    if (this.#seen.has(fault)) return;
    this.#seen.add(fault);
    this.#onError?.(error, fault);
    if ((globalThis as { process?: { env?: { NODE_ENV?: string } } }).process?.env?.NODE_ENV !== 'production') {
      console.warn(`react-lifter: IndexedDBCache ${this.#where}: ${ADVICE[fault]}; results are kept in memory only.`, error);
    }
  }
}
