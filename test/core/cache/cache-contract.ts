import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Cache, type CacheEvent, DisabledCache, LifterError, NotInCache } from '../../../src/core/index';

/** What the contract passes to `make`. */
export interface ContractCacheOptions {
  defaultTimeout?: number | null;
  enabled?: boolean;
}

/** Backend-specific hooks. */
export interface CacheContractHooks {
  /** Waits until fire-and-forget work (e.g. deleting an expired entry) has reached the backend. */
  flush?: (cache: Cache) => Promise<void>;
  /**
   * `false` for a cache with no synchronous layer (`RedisCache` without `memory`): its `peek` finds
   * nothing, ever, and every other behaviour is the same. Default `true`.
   */
  peeks?: boolean;
}

const T0 = Date.UTC(2030, 0, 1);
const SECOND = 1000;
const YEAR = 365 * 24 * 3600 * SECOND;
const MISS = Symbol('miss');

/**
 * The behaviour every `Cache` implementation must have, through its public API
 * only. Run it once per implementation:
 *
 * @example
 * describeCacheContract('MemoryCache', (options) => new MemoryCache(options));
 */
export function describeCacheContract(
  name: string,
  make: (options?: ContractCacheOptions) => Cache | Promise<Cache>,
  hooks: CacheContractHooks = {},
): void {
  const flush = (cache: Cache) => hooks.flush?.(cache) ?? Promise.resolve();
  const peeks = hooks.peeks ?? true;
  /** What a peek finds where a cache with a synchronous layer finds `value`. */
  const peeked = <V>(value: V) => (peeks ? value : undefined);
  /** Moves the clock to `ms` after the moment the test started. */
  const at = (ms: number) => vi.setSystemTime(T0 + ms);
  /** The keys among `keys` that hold a live entry. */
  const present = async (cache: Cache, keys: string[]) => {
    const found: string[] = [];
    for (const key of keys) if ((await cache.get(key, MISS)) !== MISS) found.push(key);
    return found;
  };
  const record = (cache: Cache) => {
    const events: CacheEvent[] = [];
    const unsubscribe = cache.subscribe((event) => events.push(event));
    return { events, unsubscribe };
  };

  describe(`${name}: the Cache contract`, () => {
    // Only Date is faked: faking setTimeout, setImmediate or queueMicrotask would
    // freeze backends that wait on them (IndexedDB transactions, batching per tick).
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    describe('get and set', () => {
      it('a miss resolves to the fallback, undefined by default', async () => {
        const cache = await make();
        expect(await cache.get('nothing')).toBeUndefined();
        expect(await cache.get('nothing', 'fallback')).toBe('fallback');
      });

      it('reads back what was set', async () => {
        const cache = await make();
        await cache.set('user:1', { id: 1, tags: ['a', 'b'] });
        expect(await cache.get('user:1')).toEqual({ id: 1, tags: ['a', 'b'] });
      });

      it('set resolves to the stored value', async () => {
        const cache = await make();
        expect(await cache.set('k', 42)).toBe(42);
      });

      it('stores falsy values as hits, not misses', async () => {
        const cache = await make();
        await cache.set('zero', 0);
        await cache.set('empty', '');
        await cache.set('null', null);
        await cache.set('false', false);
        expect(await cache.get('zero', 'fallback')).toBe(0);
        expect(await cache.get('empty', 'fallback')).toBe('');
        expect(await cache.get('null', 'fallback')).toBeNull();
        expect(await cache.get('false', 'fallback')).toBe(false);
      });

      it('a second set replaces the first', async () => {
        const cache = await make();
        await cache.set('k', 'old');
        await cache.set('k', 'new');
        expect(await cache.get('k')).toBe('new');
      });

      it('keys are independent', async () => {
        const cache = await make();
        await cache.set('a', 1);
        await cache.set('b', 2);
        expect(await cache.get('a')).toBe(1);
        expect(await cache.get('b')).toBe(2);
      });
    });

    describe('set with a factory', () => {
      it('calls a synchronous factory once and stores its result', async () => {
        const cache = await make();
        const factory = vi.fn(() => 'computed');
        expect(await cache.set('k', factory)).toBe('computed');
        expect(factory).toHaveBeenCalledTimes(1);
        expect(await cache.get('k')).toBe('computed');
      });

      it('awaits an async factory once and stores the resolved value, not the promise', async () => {
        const cache = await make();
        const factory = vi.fn(async () => {
          await Promise.resolve();
          return { rows: [1, 2] };
        });
        expect(await cache.set('k', factory)).toEqual({ rows: [1, 2] });
        expect(factory).toHaveBeenCalledTimes(1);
        expect(await cache.get('k')).toEqual({ rows: [1, 2] });
      });

      it('a factory that rejects stores nothing and set rejects with its error', async () => {
        const cache = await make();
        await expect(cache.set('k', async () => Promise.reject(new Error('backend down')))).rejects.toThrow(
          'backend down',
        );
        expect(await cache.get('k', MISS)).toBe(MISS);
      });
    });

    describe('getOrSet', () => {
      it('on a miss, stores and returns what the factory gives', async () => {
        const cache = await make();
        const factory = vi.fn(async () => 'fresh');
        expect(await cache.getOrSet('k', factory)).toBe('fresh');
        expect(factory).toHaveBeenCalledTimes(1);
        expect(await cache.get('k')).toBe('fresh');
      });

      it('on a hit, returns the stored value and never calls the factory', async () => {
        const cache = await make();
        await cache.set('k', 'old');
        const factory = vi.fn(() => 'fresh');
        expect(await cache.getOrSet('k', factory)).toBe('old');
        expect(factory).not.toHaveBeenCalled();
        expect(await cache.get('k')).toBe('old');
      });

      it('takes a plain value as well', async () => {
        const cache = await make();
        expect(await cache.getOrSet('k', 'first')).toBe('first');
        expect(await cache.getOrSet('k', 'second')).toBe('first');
      });

      it('on an expired entry, calls the factory again', async () => {
        const cache = await make({ defaultTimeout: 10 });
        await cache.set('k', 'old');
        at(10 * SECOND);
        const factory = vi.fn(() => 'fresh');
        expect(await cache.getOrSet('k', factory)).toBe('fresh');
        expect(factory).toHaveBeenCalledTimes(1);
      });
    });

    describe('timeouts', () => {
      it('defaultTimeout null never expires', async () => {
        const cache = await make({ defaultTimeout: null });
        await cache.set('k', 'v');
        at(100 * YEAR);
        expect(await cache.get('k')).toBe('v');
      });

      it('without options, entries never expire', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        at(100 * YEAR);
        expect(await cache.get('k')).toBe('v');
      });

      it('defaultTimeout N: a hit until N seconds have passed, then a miss', async () => {
        const cache = await make({ defaultTimeout: 60 });
        await cache.set('k', 'v');
        at(60 * SECOND - 1);
        expect(await cache.get('k', MISS)).toBe('v');
        at(60 * SECOND);
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('an entry found expired is deleted, not merely hidden', async () => {
        const cache = await make({ defaultTimeout: 60 });
        await cache.set('k', 'v');
        at(60 * SECOND);
        expect(await cache.get('k', MISS)).toBe(MISS);
        await flush(cache);
        // Rewind the clock: an entry that was only hidden would be live again.
        at(0);
        expect(cache.peek('k')).toBeUndefined();
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('a per-call timeout longer than the default wins', async () => {
        const cache = await make({ defaultTimeout: 60 });
        await cache.set('k', 'v', 120);
        at(60 * SECOND);
        expect(await cache.get('k', MISS)).toBe('v');
        at(120 * SECOND - 1);
        expect(await cache.get('k', MISS)).toBe('v');
        at(120 * SECOND);
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('a per-call timeout shorter than the default wins', async () => {
        const cache = await make({ defaultTimeout: 60 });
        await cache.set('k', 'v', 10);
        at(10 * SECOND - 1);
        expect(await cache.get('k', MISS)).toBe('v');
        at(10 * SECOND);
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('a per-call timeout of null never expires, whatever the default', async () => {
        const cache = await make({ defaultTimeout: 60 });
        await cache.set('k', 'v', null);
        at(100 * YEAR);
        expect(await cache.get('k')).toBe('v');
      });

      it('fractions of a second count', async () => {
        const cache = await make();
        await cache.set('k', 'v', 0.5);
        at(499);
        expect(await cache.get('k', MISS)).toBe('v');
        at(500);
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('timeout 0 stores nothing but still resolves to the value', async () => {
        const cache = await make();
        const { events } = record(cache);
        const factory = vi.fn(() => 'v');
        expect(await cache.set('k', factory, 0)).toBe('v');
        expect(factory).toHaveBeenCalledTimes(1);
        expect(await cache.get('k', MISS)).toBe(MISS);
        expect(cache.peek('k')).toBeUndefined();
        expect(events).toEqual([{ type: 'read', key: 'k', hit: false }]); // the get's miss; no set, no delete
      });

      it('timeout 0 leaves no older value behind to be served instead of the new one', async () => {
        const cache = await make();
        await cache.set('k', 'old');
        expect(await cache.set('k', 'new', 0)).toBe('new');
        await flush(cache);
        expect(cache.peek('k')).toBeUndefined();
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('defaultTimeout 0 stores nothing unless a call gives a timeout', async () => {
        const cache = await make({ defaultTimeout: 0 });
        await cache.set('k', 'v');
        expect(await cache.get('k', MISS)).toBe(MISS);
        await cache.set('k', 'v', 60);
        expect(await cache.get('k', MISS)).toBe('v');
      });

      it.each([-1, -0.001, Number.NaN])(
        'a timeout of %s is a RangeError, and nothing runs or is stored',
        async (timeout) => {
          const cache = await make();
          const factory = vi.fn(() => 'v');
          await expect(cache.set('k', factory, timeout)).rejects.toBeInstanceOf(RangeError);
          await expect(cache.getOrSet('k', factory, timeout)).rejects.toBeInstanceOf(RangeError);
          expect(factory).not.toHaveBeenCalled();
          expect(await cache.get('k', MISS)).toBe(MISS);
          await cache.set('k', 'held');
          await expect(cache.getOrSet('k', factory, timeout)).rejects.toBeInstanceOf(RangeError);
        },
      );

      it.each([-1, Number.NaN])('a defaultTimeout of %s is a RangeError', async (defaultTimeout) => {
        await expect(async () => make({ defaultTimeout })).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('enabled: false', () => {
      it('misses every read, even of what was stored before', async () => {
        const cache = await make({ enabled: false });
        expect(cache.enabled).toBe(false);
        expect(await cache.get('k', 'fallback')).toBe('fallback');
        expect(cache.peek('k')).toBeUndefined();
      });

      it('ignores every write, but still resolves to the value', async () => {
        const cache = await make({ enabled: false });
        const { events } = record(cache);
        const factory = vi.fn(() => 'v');
        expect(await cache.set('k', factory)).toBe('v');
        expect(factory).toHaveBeenCalledTimes(1);
        expect(events).toEqual([]);
        using _enabled = cache.enable();
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('getOrSet calls the factory every time and stores nothing', async () => {
        const cache = await make({ enabled: false });
        const factory = vi.fn(() => 'v');
        expect(await cache.getOrSet('k', factory)).toBe('v');
        expect(await cache.getOrSet('k', factory)).toBe('v');
        expect(factory).toHaveBeenCalledTimes(2);
      });
    });

    describe('disable() and enable() handles', () => {
      it('a `using` handle disables the cache for its block only', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        {
          using _disabled = cache.disable();
          expect(cache.enabled).toBe(false);
          expect(await cache.get('k', MISS)).toBe(MISS);
          expect(cache.peek('k')).toBeUndefined();
          await cache.set('k', 'ignored');
        }
        expect(cache.enabled).toBe(true);
        expect(await cache.get('k')).toBe('v');
      });

      it('restore() and [Symbol.dispose]() do the same, once', async () => {
        const cache = await make();
        const first = cache.disable();
        first.restore();
        expect(cache.enabled).toBe(true);
        const second = cache.disable();
        // A handle already restored must not undo a later change.
        first.restore();
        first[Symbol.dispose]();
        expect(cache.enabled).toBe(false);
        second[Symbol.dispose]();
        expect(cache.enabled).toBe(true);
      });

      it('nested handles restore the previous state, innermost first', async () => {
        const cache = await make();
        {
          using _outer = cache.disable();
          expect(cache.enabled).toBe(false);
          {
            using _inner = cache.enable();
            expect(cache.enabled).toBe(true);
            {
              using _innermost = cache.disable();
              expect(cache.enabled).toBe(false);
            }
            expect(cache.enabled).toBe(true);
          }
          expect(cache.enabled).toBe(false);
        }
        expect(cache.enabled).toBe(true);
      });

      it('enable() on a cache created disabled restores it to disabled', async () => {
        const cache = await make({ enabled: false });
        const handle = cache.enable();
        expect(cache.enabled).toBe(true);
        await cache.set('k', 'v');
        expect(await cache.get('k')).toBe('v');
        handle.restore();
        expect(cache.enabled).toBe(false);
        expect(await cache.get('k', MISS)).toBe(MISS);
      });

      it('disabling a disabled cache and restoring leaves it disabled', async () => {
        const cache = await make({ enabled: false });
        cache.disable().restore();
        expect(cache.enabled).toBe(false);
      });
    });

    describe('disable() and enable() with a callback', () => {
      it('runs a synchronous callback disabled, restores, and returns its result', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        const seen = cache.disable(() => cache.peek('k') ?? 'missed');
        expect(seen).toBe('missed');
        expect(cache.enabled).toBe(true);
      });

      it('keeps the state for the whole of an async callback, then restores and resolves to its result', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        const pending = cache.disable(async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return cache.get('k', 'missed');
        });
        expect(pending).toBeInstanceOf(Promise);
        expect(cache.enabled).toBe(false);
        expect(await pending).toBe('missed');
        expect(cache.enabled).toBe(true);
      });

      it('restores the previous state when a synchronous callback throws', async () => {
        const cache = await make();
        expect(() =>
          cache.disable(() => {
            throw new Error('boom');
          }),
        ).toThrow('boom');
        expect(cache.enabled).toBe(true);
      });

      it('restores the previous state when an async callback rejects', async () => {
        const cache = await make();
        await expect(
          cache.disable(async () => {
            await Promise.resolve();
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(cache.enabled).toBe(true);
      });

      it('enable(callback) on a disabled cache runs enabled and restores to disabled, even on error', async () => {
        const cache = await make({ enabled: false });
        expect(await cache.enable(async () => cache.set('k', 'v').then(() => cache.get('k')))).toBe('v');
        expect(cache.enabled).toBe(false);
        expect(() =>
          cache.enable(() => {
            throw new Error('boom');
          }),
        ).toThrow('boom');
        expect(cache.enabled).toBe(false);
      });
    });

    describe('get with reraise', () => {
      it('a miss throws NotInCache', async () => {
        const cache = await make();
        const error = await cache.get('nothing', undefined, { reraise: true }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotInCache);
        expect(error).toBeInstanceOf(LifterError);
        expect((error as Error).message).toContain('nothing');
      });

      it('an expired entry throws NotInCache', async () => {
        const cache = await make({ defaultTimeout: 1 });
        await cache.set('k', 'v');
        at(SECOND);
        await expect(cache.get('k', undefined, { reraise: true })).rejects.toBeInstanceOf(NotInCache);
      });

      it('a hit resolves to the value', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        expect(await cache.get('k', undefined, { reraise: true })).toBe('v');
      });

      it('a disabled cache throws DisabledCache, even for a stored key', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        using _disabled = cache.disable();
        const error = await cache.get('k', undefined, { reraise: true }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DisabledCache);
        expect(error).toBeInstanceOf(LifterError);
      });
    });

    describe('delete, clear and invalidate', () => {
      it('delete(key) removes that key only', async () => {
        const cache = await make();
        await cache.set('a', 1);
        await cache.set('b', 2);
        await cache.delete('a');
        expect(await present(cache, ['a', 'b'])).toEqual(['b']);
        expect(cache.peek('a')).toBeUndefined();
      });

      it('delete of a missing key resolves', async () => {
        const cache = await make();
        await expect(cache.delete('nothing')).resolves.toBeUndefined();
      });

      it('clear() removes every entry', async () => {
        const cache = await make();
        await cache.set('a', 1);
        await cache.set('b', 2);
        await cache.clear();
        expect(await present(cache, ['a', 'b'])).toEqual([]);
      });

      it('invalidate(prefix) removes exactly the keys that start with the prefix', async () => {
        const cache = await make();
        const keys = [
          'a:app:user:0123',
          'a:app:user:4567',
          'a:app:users:0123',
          'a:app:use',
          'ab:app:user:0123',
          'b:a:app:user:0123',
        ];
        for (const key of keys) await cache.set(key, key);
        await cache.invalidate('a:app:user:');
        expect(await present(cache, keys)).toEqual([
          'a:app:users:0123',
          'a:app:use',
          'ab:app:user:0123',
          'b:a:app:user:0123',
        ]);
        await cache.invalidate('a:');
        expect(await present(cache, keys)).toEqual(['ab:app:user:0123', 'b:a:app:user:0123']);
      });

      it('invalidate treats the prefix literally, not as a pattern', async () => {
        const cache = await make();
        await cache.set('a.b:1', 1);
        await cache.set('axb:1', 2);
        await cache.invalidate('a.b:');
        expect(await present(cache, ['a.b:1', 'axb:1'])).toEqual(['axb:1']);
      });
    });

    describe('subscribe', () => {
      it('tells listeners about set, delete, invalidate, clear and enabled changes, in order', async () => {
        const cache = await make({ defaultTimeout: 60 });
        const { events } = record(cache);
        await cache.set('k', 'v');
        await cache.delete('k');
        await cache.invalidate('a:');
        await cache.clear();
        cache.disable().restore();
        expect(events).toEqual([
          {
            type: 'set',
            key: 'k',
            entry: expect.objectContaining({ value: 'v', storedAt: T0, expiresAt: T0 + 60 * SECOND }),
          },
          { type: 'delete', key: 'k' },
          { type: 'invalidate', prefix: 'a:' },
          { type: 'clear' },
          { type: 'enabled', enabled: false },
          { type: 'enabled', enabled: true },
        ]);
      });

      it('a set event carries the entry, with expiresAt null when it never expires', async () => {
        const cache = await make();
        const { events } = record(cache);
        await cache.set('k', 'v', undefined, { query: 'Q' });
        expect(events).toEqual([
          {
            type: 'set',
            key: 'k',
            entry: expect.objectContaining({ value: 'v', query: 'Q', storedAt: T0, expiresAt: null }),
          },
        ]);
      });

      it('tells listeners about reads: hits and misses of get, and peeks that hit', async () => {
        const cache = await make();
        await cache.set('k', 'v');
        const { events } = record(cache);
        await cache.get('k');
        await cache.get('other');
        cache.peek('k');
        cache.peek('other');
        await cache.disable(() => cache.get('k'));
        expect(events).toEqual([
          { type: 'read', key: 'k', hit: true },
          { type: 'read', key: 'other', hit: false },
          ...(peeks ? [{ type: 'read', key: 'k', hit: true }] : []),
          { type: 'enabled', enabled: false },
          { type: 'enabled', enabled: true },
        ]);
      });

      it('a state change that changes nothing is not an event', async () => {
        const cache = await make();
        const { events } = record(cache);
        cache.enable().restore();
        expect(events).toEqual([]);
      });

      it('the returned function unsubscribes that listener only', async () => {
        const cache = await make();
        const first = record(cache);
        const second = record(cache);
        await cache.set('a', 1);
        first.unsubscribe();
        await cache.set('b', 2);
        expect(first.events.map((e) => e.type === 'set' && e.key)).toEqual(['a']);
        expect(second.events.map((e) => e.type === 'set' && e.key)).toEqual(['a', 'b']);
      });
    });

    describe('peek', () => {
      it('returns the value synchronously after set', async () => {
        const cache = await make();
        await cache.set('k', { id: 1 });
        const value = cache.peek('k');
        expect(value).not.toBeInstanceOf(Promise);
        expect(value).toEqual(peeked({ id: 1 }));
      });

      it('is undefined for a miss, an expired entry and a disabled cache', async () => {
        const cache = await make({ defaultTimeout: 60 });
        expect(cache.peek('nothing')).toBeUndefined();
        await cache.set('k', 'v');
        {
          using _disabled = cache.disable();
          expect(cache.peek('k')).toBeUndefined();
        }
        expect(cache.peek('k')).toBe(peeked('v'));
        at(60 * SECOND);
        expect(cache.peek('k')).toBeUndefined();
      });
    });

    describe('entries keep their query: a hash collision is a miss, never the wrong data', () => {
      it('a read for another query misses; a read for the same query hits', async () => {
        const cache = await make();
        await cache.set('k', 'answer to A', undefined, { query: 'A' });
        expect(cache.peek('k', { query: 'B' })).toBeUndefined();
        expect(await cache.get('k', MISS, { query: 'A' })).toBe('answer to A');
        expect(await cache.get('k', MISS, { query: 'B' })).toBe(MISS);
        await cache.set('k', 'answer to A', undefined, { query: 'A' });
        await expect(cache.get('k', undefined, { query: 'B', reraise: true })).rejects.toBeInstanceOf(NotInCache);
        await cache.set('k', 'answer to A', undefined, { query: 'A' });
        expect(cache.peek('k', { query: 'A' })).toBe(peeked('answer to A'));
      });

      it('a read for another query removes the entry (its own result replaces it next); a peek only misses', async () => {
        const cache = await make();
        await cache.set('k', 'answer to A', undefined, { query: 'A' });
        expect(cache.peek('k', { query: 'B' })).toBeUndefined();
        expect(cache.peek('k', { query: 'A' })).toBe(peeked('answer to A'));
        expect(await cache.get('k', MISS, { query: 'B' })).toBe(MISS);
        await flush(cache);
        expect(await cache.get('k', MISS, { query: 'A' })).toBe(MISS);
      });

      it('getOrSet for another query runs the factory and replaces the entry', async () => {
        const cache = await make();
        await cache.set('k', 'answer to A', undefined, { query: 'A' });
        const factory = vi.fn(() => 'answer to B');
        expect(await cache.getOrSet('k', factory, undefined, { query: 'B' })).toBe('answer to B');
        expect(factory).toHaveBeenCalledTimes(1);
        expect(await cache.get('k', MISS, { query: 'B' })).toBe('answer to B');
        expect(await cache.get('k', MISS, { query: 'A' })).toBe(MISS);
      });
    });

    describe('stats', () => {
      it('counts hits, misses and writes', async () => {
        const cache = await make({ defaultTimeout: 60 });
        expect(cache.stats).toMatchObject({ hits: 0, misses: 0, writes: 0 });
        await cache.get('k', undefined, { query: 'Q' });
        await cache.set('k', 'v', undefined, { query: 'Q' });
        await cache.get('k', undefined, { query: 'Q' });
        await cache.get('k', undefined, { query: 'Q' });
        await cache.get('k', undefined, { query: 'other' });
        at(60 * SECOND);
        await cache.get('k', undefined, { query: 'Q' });
        expect(cache.stats).toMatchObject({ hits: 2, misses: 3, writes: 1 });
      });

      it('a peek that finds the value is a hit; a peek that misses counts nothing (the get after it counts the miss)', async () => {
        const cache = await make();
        expect(cache.peek('k')).toBeUndefined();
        expect(cache.stats).toMatchObject({ hits: 0, misses: 0 });
        await cache.set('k', 'v');
        expect(cache.peek('k')).toBe(peeked('v'));
        expect(cache.stats).toMatchObject({ hits: peeks ? 1 : 0, misses: 0 });
      });

      it('writes that store nothing are not counted', async () => {
        const cache = await make();
        await cache.set('k', 'v', 0);
        await cache.disable(() => cache.set('k', 'v'));
        expect(cache.stats.writes).toBe(0);
      });
    });

    describe('entries', () => {
      it('lists the live entries with their query and expiry, for inspectors', async () => {
        const cache = await make({ defaultTimeout: null });
        await cache.set('a', 1, null, { query: 'QA' });
        await cache.set('b', 2, 10);
        at(10 * SECOND);
        const listed = Object.fromEntries(await cache.entries());
        expect(Object.keys(listed)).toEqual(['a']);
        expect(listed.a).toMatchObject({ value: 1, query: 'QA', storedAt: T0, expiresAt: null });
      });
    });
  });
}
