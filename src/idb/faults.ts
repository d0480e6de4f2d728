import { FaultReporter } from '../core/internal';

// Replaced by bundlers; declared here so that the library's types need no Node typings.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** What reports an `IndexedDBCache`'s faults. */
export type IndexedDBFaults = FaultReporter<IndexedDBFault>;

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

/** {@link ADVICE} in development builds; nothing in production, whose bundles then drop its texts. */
function adviceInDevelopment(): typeof ADVICE | undefined {
  try {
    // Written literally so that bundlers replace it; unbundled, where there is no `process`, it throws.
    if (process.env.NODE_ENV !== 'production') return ADVICE;
  } catch {
    // No mode to go by: no advice (the fault is still reported, by kind).
  }
  return undefined;
}

/** Reports each kind of IndexedDB fault once (see the core's `FaultReporter`). */
export function faultReporter(
  cacheName: string,
  onError?: (error: unknown, fault: IndexedDBFault) => void,
): IndexedDBFaults {
  return new FaultReporter(`IndexedDBCache ${cacheName}`, adviceInDevelopment(), onError);
}
