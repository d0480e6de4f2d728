// What the package's other layers (src/react, src/idb) use from the core: the public index, and the
// few internals they share. Not a public entry; they import nothing else from the core.
export * from './index';
export type { ChangeWatch } from './cache/changes';
export { EntryMap, isLive } from './cache/entry';
export { isJson } from './cache/hydration';
export { toQuery } from './key';
export { assertModel } from './model';
export { checkStore } from './store/store';
export { isPageHidden, onPageHidden } from './page';
export { FaultReporter } from './faults';
export { message } from './texts';
export { type OptimisticCache, OptimisticChanges } from './optimistic';
