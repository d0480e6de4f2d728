import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheMonitor, type MonitorSnapshot, MemoryCache } from '../../../src/core/index';

const ticks = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A monitor with one listener, and every snapshot it was told about. */
async function watch(cache: MemoryCache) {
  const monitor = new CacheMonitor(cache);
  const seen: MonitorSnapshot[] = [];
  const stop = monitor.subscribe(() => seen.push(monitor.getSnapshot()));
  await ticks();
  return { monitor, seen, stop };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CacheMonitor', () => {
  it('lists what the cache held before it started, sorted by key, with JSON sizes', async () => {
    const cache = new MemoryCache();
    await cache.set('b', { name: 'Zoë' });
    await cache.set('a', 12345, 60);
    const { monitor } = await watch(cache);
    const { entries, loading } = monitor.getSnapshot();
    expect(loading).toBe(false);
    expect(entries.map((entry) => [entry.key, entry.size, entry.expiresAt === null])).toEqual([
      ['a', 5, false],
      ['b', 15, true], // {"name":"Zoë"}: ë is two bytes
    ]);
  });

  it('is loading until the first listing, and lists nothing before a listener comes', async () => {
    const cache = new MemoryCache();
    await cache.set('a', 1);
    const monitor = new CacheMonitor(cache);
    expect(monitor.getSnapshot()).toMatchObject({ loading: true, entries: [] });
  });

  it('follows sets, deletes, invalidations and clears without listing the cache again', async () => {
    const cache = new MemoryCache();
    const { monitor } = await watch(cache);
    const entries = vi.spyOn(cache, 'entries');
    await cache.set('s:a:1', 1);
    await cache.set('s:a:2', 2);
    await cache.set('s:b:1', 3);
    await ticks();
    expect(monitor.getSnapshot().entries.map((entry) => entry.key)).toEqual(['s:a:1', 's:a:2', 's:b:1']);
    await cache.delete('s:a:1');
    await cache.invalidate('s:a:');
    await ticks();
    expect(monitor.getSnapshot().entries.map((entry) => entry.key)).toEqual(['s:b:1']);
    await cache.clear();
    await ticks();
    expect(monitor.getSnapshot().entries).toEqual([]);
    expect(entries).not.toHaveBeenCalled();
  });

  it('counts hits and misses per key, peeks that hit included, and copies the totals', async () => {
    const cache = new MemoryCache();
    const { monitor } = await watch(cache);
    await cache.get('k');
    await cache.set('k', 'v');
    await cache.get('k');
    cache.peek('k');
    await ticks();
    const snapshot = monitor.getSnapshot();
    expect(snapshot.entries).toEqual([expect.objectContaining({ key: 'k', hits: 2, misses: 1 })]);
    expect(snapshot.stats).toEqual({ hits: 2, misses: 1, writes: 1 });
    expect(snapshot.stats).not.toBe(cache.stats);
  });

  it('tells listeners once per burst, after the synchronous work (never inside a render)', async () => {
    const cache = new MemoryCache();
    await cache.set('k', 1);
    const { seen } = await watch(cache);
    const before = seen.length;
    cache.peek('k');
    cache.peek('k');
    cache.peek('k');
    expect(seen.length).toBe(before);
    await ticks();
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)!.entries[0]).toMatchObject({ key: 'k', hits: 3 });
  });

  it('drops an entry that a read found dead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new MemoryCache();
    await cache.set('k', 'v', 1);
    const { monitor } = await watch(cache);
    vi.advanceTimersByTime(1000);
    expect(monitor.getSnapshot().entries.map((entry) => entry.key)).toEqual(['k']); // expiry is checked on read
    await cache.get('k');
    await ticks();
    expect(monitor.getSnapshot().entries).toEqual([]);
  });

  it('shows the enabled state', async () => {
    const cache = new MemoryCache();
    const { monitor } = await watch(cache);
    const handle = cache.disable();
    await ticks();
    expect(monitor.getSnapshot().enabled).toBe(false);
    handle.restore();
    await ticks();
    expect(monitor.getSnapshot().enabled).toBe(true);
  });

  it('a change during the first listing is not lost', async () => {
    const cache = new MemoryCache();
    await cache.set('old', 1);
    const monitor = new CacheMonitor(cache);
    monitor.subscribe(() => {});
    await cache.set('new', 2); // while the first listing is under way
    await ticks();
    expect(monitor.getSnapshot().entries.map((entry) => entry.key)).toEqual(['new', 'old']);
  });

  it('stops following the cache when the last listener leaves', async () => {
    const cache = new MemoryCache();
    const { monitor, stop } = await watch(cache);
    stop();
    await cache.set('k', 1);
    await ticks();
    expect(monitor.getSnapshot().entries).toEqual([]);
  });

  it('keeps a value without a JSON form, with size undefined', async () => {
    const cache = new MemoryCache();
    const { monitor } = await watch(cache);
    await cache.set('big', 10n);
    await ticks();
    expect(monitor.getSnapshot().entries).toEqual([expect.objectContaining({ key: 'big', size: undefined })]);
  });

  it('reuses the entry of every key that did not change, and makes a new one for each that did', async () => {
    const cache = new MemoryCache();
    for (const key of ['c', 'a', 'e']) await cache.set(key, key);
    const { monitor } = await watch(cache);
    const before = monitor.getSnapshot();
    await cache.set('b', 'new');
    await cache.get('e');
    await ticks();
    const after = monitor.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.entries.map((entry) => entry.key)).toEqual(['a', 'b', 'c', 'e']);
    const [a, b, c, e] = after.entries;
    expect(a).toBe(before.entries[0]);
    expect(c).toBe(before.entries[1]);
    expect(b).toMatchObject({ key: 'b', hits: 0 });
    expect(e).not.toBe(before.entries[2]);
    expect(e).toMatchObject({ key: 'e', hits: 1 });
    expect(before.entries.map((entry) => [entry.key, entry.hits])).toEqual([
      ['a', 0],
      ['c', 0],
      ['e', 0],
    ]); // an old snapshot never changes
  });

  it('keeps keys sorted by code unit through sets, deletes and invalidations of neighbouring keys', async () => {
    const cache = new MemoryCache();
    const { monitor } = await watch(cache);
    const keys = ['s:a', 's:a:', 's:a:1', 's:a:2', 's:a;', 's:b', 'S', 's', 's:a:\uffff', 'é', '😀', '\u0000'];
    for (const key of keys) await cache.set(key, 1);
    await ticks();
    expect(monitor.getSnapshot().entries.map((entry) => entry.key)).toEqual([...keys].sort());
    await cache.invalidate('s:a:');
    await cache.delete('s');
    await cache.delete('missing');
    await cache.set('s:a:3', 1);
    await cache.set('s:b', 2);
    await ticks();
    expect(monitor.getSnapshot().entries.map((entry) => entry.key)).toEqual(
      ['S', '\u0000', 's:a', 's:a:3', 's:a;', 's:b', 'é', '😀'].sort(),
    );
    expect(monitor.getSnapshot().entries.find((entry) => entry.key === 's:b')).toMatchObject({ size: 1 });
  });

  it('follows a write to a cache of 10,000 entries without sorting them all again', async () => {
    const cache = new MemoryCache();
    const count = 10_000;
    await Promise.all(
      Array.from({ length: count }, (_, i) => cache.set(`s:a:m:${String((i * 7919) % count).padStart(6, '0')}`, i)),
    );
    const { monitor } = await watch(cache);
    expect(monitor.getSnapshot().entries.length).toBe(count);
    // Sorting every entry on each write took 0.18 s a write at 100,000 entries: a write now inserts in order.
    const sorts = vi.spyOn(Array.prototype, 'sort');
    for (let i = 0; i < 40; i++) {
      await cache.set(`s:a:m:w${i}`, i);
      await ticks();
    }
    const largest = Math.max(0, ...sorts.mock.contexts.map((sorted) => (sorted as unknown[]).length));
    sorts.mockRestore();
    expect(largest).toBeLessThan(100);
    const keys = monitor.getSnapshot().entries.map((entry) => entry.key);
    expect(keys.length).toBe(count + 40);
    expect(keys.every((key, i) => i === 0 || keys[i - 1]! < key)).toBe(true);
  });
});
