import type { Cache, CacheEvent } from '../cache/cache';

type KeyListener = (event: CacheEvent) => void;
const watchers = new WeakMap<Cache, Map<string, Set<KeyListener>>>();

/**
 * Calls `listener` for cache events that concern `key`. One cache
 * subscription serves every watched key, so a write wakes only the
 * observers of its key, not every mounted one.
 */
export function listenToKey(cache: Cache, key: string, listener: KeyListener): () => void {
  let byKey = watchers.get(cache);
  if (!byKey) {
    const map = new Map<string, Set<KeyListener>>();
    byKey = map;
    watchers.set(cache, map);
    cache.subscribe((event) => {
      if (event.type === 'set' || event.type === 'delete') {
        for (const fn of [...(map.get(event.key) ?? [])]) fn(event);
      } else if (event.type === 'invalidate' || event.type === 'clear') {
        for (const [watched, set] of [...map]) {
          if (event.type === 'clear' || watched.startsWith(event.prefix)) for (const fn of [...set]) fn(event);
        }
      }
    });
  }
  let set = byKey.get(key);
  if (!set) byKey.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) byKey.delete(key);
  };
}
