// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CacheEntry, MemoryCache, type ObserverOptions, QueryObserver, StoreError } from '../../../src/core/index';
import { ControlledStore, count } from '../controlled-store';
import { User } from '../fixtures';

// What a watched query does over time: stale data, expiry, focus, reconnect and polling. Fake timers
// move Date.now() too.

afterEach(() => {
  vi.useRealTimers();
  setHidden(false);
});

/** Lets promise callbacks run without moving fake time. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** A controlled store on a memory cache, at fake time 0, and a way to watch the count through it. */
function world(cacheOptions: ConstructorParameters<typeof MemoryCache>[0] = {}) {
  vi.useFakeTimers({ now: 0 });
  const cache = new MemoryCache(cacheOptions);
  const store = new ControlledStore({ identifier: 's', cache });
  const key = store.key(User, count);
  const watch = (options: Partial<ObserverOptions> = {}) => {
    const observer = new QueryObserver(store, User, count, { cache, retry: false, ...options });
    let updates = 0;
    const stop = observer.subscribe(() => updates++);
    const shown = () => {
      const { status, data, isFetching, isStale } = observer.getSnapshot();
      return { status, data, isFetching, isStale };
    };
    return { observer, stop, shown, updates: () => updates };
  };
  const write = (value: unknown, timeout?: number | null) => cache.set(key, value, timeout, { query: count.canonical });
  return { cache, store, key, watch, write };
}

describe('stale data under watchers', () => {
  it('a stale hit is shown at once as stale, and 100 watchers revalidate it with one call', async () => {
    const { store, watch, write } = world({ staleAfter: 10 });
    await write(3);
    await vi.advanceTimersByTimeAsync(10_000);
    const watchers = Array.from({ length: 100 }, () => watch());
    expect(watchers[0]!.shown()).toEqual({ status: 'success', data: 3, isFetching: true, isStale: true });
    await settle();
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(4);
    await settle();
    for (const w of watchers)
      expect(w.shown()).toEqual({ status: 'success', data: 4, isFetching: false, isStale: false });
    // One update each: the fresh data (the stale one was in the first snapshot).
    expect(watchers.map((w) => w.updates())).toEqual(Array(100).fill(1));
  });

  it("data going stale while watched is marked so, once, and fetched again only on a trigger (the hook's staleAfter wins)", async () => {
    const { store, watch, write } = world({ staleAfter: 1000 });
    await write(3);
    const w = watch({ staleAfter: 30 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(w.shown().isStale).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.shown()).toEqual({ status: 'success', data: 3, isFetching: false, isStale: true });
    expect(w.updates()).toBe(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(w.updates()).toBe(1);
    expect(store.pending).toHaveLength(0);
    window.dispatchEvent(new Event('focus'));
    expect(w.shown().isFetching).toBe(true);
    await settle();
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(4);
    await settle();
    expect(w.shown()).toEqual({ status: 'success', data: 4, isFetching: false, isStale: false });
  });

  it('a failed revalidation shows the error with the stale data kept', async () => {
    const { store, watch, write } = world({ staleAfter: 10 });
    await write(3);
    await vi.advanceTimersByTimeAsync(10_000);
    const w = watch();
    await settle();
    store.pending[0]!.reject(new StoreError('down', { status: 503 }));
    await settle();
    expect(w.observer.getSnapshot()).toMatchObject({ status: 'error', data: 3, isStale: true, isFetching: false });
  });
});

describe('focus and reconnect revalidate stale data only', () => {
  it.each([
    ['focus', () => window.dispatchEvent(new Event('focus'))],
    ['tab shown', () => setHidden(false)],
    ['online', () => window.dispatchEvent(new Event('online'))],
  ])('%s: nothing while fresh, one call for every watcher once stale', async (_, trigger) => {
    const { store, watch, write } = world({ staleAfter: 60 });
    await write(3);
    watch();
    watch();
    trigger();
    await settle();
    expect(store.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    trigger();
    trigger();
    await settle();
    expect(store.pending).toHaveLength(1);
  });

  it('with staleAfter unset nothing refetches, as before; and each can be turned off', async () => {
    const never = world();
    await never.write(3);
    never.watch();
    await vi.advanceTimersByTimeAsync(3_600_000);
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(never.store.pending).toHaveLength(0);

    const off = world({ staleAfter: 1 });
    await off.write(3);
    off.watch({ refetchOnWindowFocus: false, refetchOnReconnect: false });
    await vi.advanceTimersByTimeAsync(5_000);
    window.dispatchEvent(new Event('focus'));
    setHidden(false);
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(off.store.pending).toHaveLength(0);
  });

  it('an error is retried on focus when staleAfter is set', async () => {
    const { store, watch } = world({ staleAfter: 60 });
    const w = watch();
    await settle();
    store.pending[0]!.reject(new StoreError('down', { status: 503 }));
    await settle();
    expect(w.shown().status).toBe('error');
    window.dispatchEvent(new Event('focus'));
    await settle();
    expect(store.pending).toHaveLength(2);
  });

  it('a stopped watcher no longer listens', async () => {
    const { store, watch, write } = world({ staleAfter: 1 });
    await write(3);
    const w = watch();
    w.stop();
    await settle();
    await vi.advanceTimersByTimeAsync(5_000);
    window.dispatchEvent(new Event('focus'));
    await settle();
    expect(store.pending).toHaveLength(0);
  });
});

describe('expiry under a watcher', () => {
  it('when the entry shown expires, it is fetched again with the data kept meanwhile: one call for every watcher', async () => {
    const { store, watch, write } = world();
    await write(3, 10);
    const watchers = [watch(), watch(), watch()];
    await vi.advanceTimersByTimeAsync(9_999);
    expect(store.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.pending).toHaveLength(1);
    for (const w of watchers)
      expect(w.shown()).toEqual({ status: 'success', data: 3, isFetching: true, isStale: false });
    store.pending[0]!.resolve(4);
    await settle();
    for (const w of watchers)
      expect(w.shown()).toEqual({ status: 'success', data: 4, isFetching: false, isStale: false });
    // The fresh entry has its own timeout (the cache's default: none here, so no further call).
    await vi.advanceTimersByTimeAsync(100_000);
    expect(store.pending).toHaveLength(1);
  });

  it("a hook's timeout times its own writes, and expiry repeats for each of them", async () => {
    const { store, watch } = world();
    watch({ timeout: 5 });
    await settle();
    store.pending[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.pending).toHaveLength(2);
    store.pending[1]!.resolve(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.pending).toHaveLength(3);
  });

  it('a refetch that fails after expiry does not call again and again', async () => {
    const { store, watch, write } = world();
    await write(3, 10);
    const w = watch();
    await vi.advanceTimersByTimeAsync(10_000);
    store.pending[0]!.reject(new StoreError('down', { status: 503 }));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(store.pending).toHaveLength(1);
    expect(w.shown()).toMatchObject({ status: 'error', data: 3 });
  });

  it('a timeout longer than a timer can hold does not fire at once', async () => {
    const { store, watch, write } = world();
    await write(3, 60 * 60 * 24 * 40);
    watch();
    await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
    expect(store.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60 * 60 * 24 * 40 * 1000);
    expect(store.pending).toHaveLength(1);
  });

  it('a disabled watcher sets no timer', async () => {
    const { store, watch, write } = world();
    await write(3, 10);
    watch({ enabled: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.pending).toHaveLength(0);
  });
});

describe('refetchInterval', () => {
  it('polls the backend every interval, counting from the data shown', async () => {
    const { store, watch, write } = world();
    await write(3);
    const w = watch({ refetchInterval: 10 });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(store.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.pending).toHaveLength(1);
    // The poll keeps the data shown.
    expect(w.shown()).toEqual({ status: 'success', data: 3, isFetching: true, isStale: false });
    await vi.advanceTimersByTimeAsync(5_000);
    store.pending[0]!.resolve(4);
    await settle();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(store.pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.pending).toHaveLength(2);
  });

  it('watchers mounted at different times share the polls: the interval counts from the data, not the mount', async () => {
    const { store, watch, write } = world();
    await write(0);
    watch({ refetchInterval: 10 });
    await vi.advanceTimersByTimeAsync(3_000);
    watch({ refetchInterval: 10 });
    for (let poll = 1; poll <= 5; poll++) {
      await vi.advanceTimersByTimeAsync(poll === 1 ? 7_000 : 10_000);
      expect(store.pending).toHaveLength(poll);
      store.pending[poll - 1]!.resolve(poll);
      await settle();
    }
  });

  it('is paused while the page is hidden, and polls when it is shown again', async () => {
    const { store, watch, write } = world();
    await write(3);
    watch({ refetchInterval: 10 });
    setHidden(true);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(store.pending).toHaveLength(0);
    setHidden(false);
    await settle();
    expect(store.pending).toHaveLength(1);
  });

  it('keeps polling after an error (the backend may be back), and stops with the watcher', async () => {
    const { store, watch } = world();
    const w = watch({ refetchInterval: 10 });
    await settle();
    store.pending[0]!.reject(new StoreError('down', { status: 503 }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.pending).toHaveLength(2);
    w.stop();
    await vi.advanceTimersByTimeAsync(100_000);
    expect(store.pending).toHaveLength(2);
  });

  it('a refetchInterval that is not a positive number of seconds (or false) is a RangeError', () => {
    const { watch } = world();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '10'])
      expect(() => watch({ refetchInterval: bad as number })).toThrow(
        /refetchInterval" must be a number of seconds above 0/,
      );
  });
});

describe('entries written by others', () => {
  /** A memory cache that can be told of an entry another tab wrote, as IndexedDBCache's channel tells it. */
  class SharedCache extends MemoryCache {
    fromOtherTab(key: string, entry: CacheEntry): void {
      this.writeEntry(key, entry);
      this.emit({ type: 'set', key, entry });
    }
  }

  it('an entry another tab wrote long ago is shown as stale at once', async () => {
    vi.useFakeTimers({ now: 100_000 });
    const cache = new SharedCache({ staleAfter: 10 });
    const store = new ControlledStore({ identifier: 's', cache });
    const key = store.key(User, count);
    const observer = new QueryObserver(store, User, count, { cache });
    observer.subscribe(() => {});
    await settle();
    store.pending[0]!.resolve(3);
    await settle();
    expect(observer.getSnapshot()).toMatchObject({ data: 3, isStale: false });
    cache.fromOtherTab(key, { value: 5, query: count.canonical, storedAt: 100_000 - 20_000, expiresAt: null });
    expect(observer.getSnapshot()).toMatchObject({ status: 'success', data: 5, isFetching: false, isStale: true });
  });
});
