import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { IndexedDBFault } from '../../src/idb/index';
import { freshCache } from './helpers';

let warn: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A cache whose faults are recorded, and the record. */
function faultyCache(options: { openTimeout?: number } = {}) {
  const faults: IndexedDBFault[] = [];
  const cache = freshCache({ ...options, onError: (_error, fault) => faults.push(fault) });
  return { cache, faults };
}

/** What every fault must leave intact: results kept in memory, misses for the rest, no throw. */
async function expectWorkingFromMemory(cache: ReturnType<typeof freshCache>) {
  expect(await cache.set('kept', { rows: [1, 2] })).toEqual({ rows: [1, 2] });
  expect(cache.peek('kept')).toEqual({ rows: [1, 2] });
  expect(await cache.get('kept')).toEqual({ rows: [1, 2] });
  expect(await cache.get('never-set', 'miss')).toBe('miss');
  expect(await cache.getOrSet('computed', () => 42)).toBe(42);
  expect(await cache.get('computed')).toBe(42);
  await cache.delete('kept');
  expect(await cache.get('kept', 'miss')).toBe('miss');
  await cache.flush();
}

function openRequestThat(settle: (request: IDBOpenDBRequest) => void): IDBOpenDBRequest {
  const request = {} as IDBOpenDBRequest;
  setTimeout(() => settle(request), 0);
  return request;
}

describe('faults never lose a result and never break the app', () => {
  it('IndexedDB absent: works from memory, reports "unavailable" once, warns once', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const { cache, faults } = faultyCache();
    await expectWorkingFromMemory(cache);
    await expectWorkingFromMemory(cache);
    expect(faults).toEqual(['unavailable']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/not available.*memory only/);
  });

  it('open failing: reports "open" once', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() =>
      openRequestThat((request) => {
        Object.defineProperty(request, 'error', { value: new DOMException('disk is gone', 'UnknownError') });
        (request.onerror as () => void)();
      }),
    );
    const { cache, faults } = faultyCache();
    await expectWorkingFromMemory(cache);
    await expectWorkingFromMemory(cache);
    expect(faults).toEqual(['open']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('open throwing synchronously (a SecurityError in a sandboxed page): every operation resolves from memory, "open" reported once', async () => {
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('Access to the IndexedDB API is denied in this context.', 'SecurityError');
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { cache, faults } = faultyCache();
      await expectWorkingFromMemory(cache);
      await cache.set('a:1', 1);
      expect(await cache.preload('a:')).toBe(0);
      expect((await cache.entries()).map(([key]) => key).sort()).toEqual(['a:1', 'computed']);
      await cache.invalidate('a:');
      await cache.clear();
      expect(await cache.prune()).toBe(0);
      await expectWorkingFromMemory(cache);
      // Given up on after the first throw: later operations do not try to open again.
      expect(open).toHaveBeenCalledTimes(1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(faults).toEqual(['open']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('open blocked (never answers): gives up after openTimeout and reports "blocked" once', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => openRequestThat(() => {}));
    const { cache, faults } = faultyCache({ openTimeout: 30 });
    const started = Date.now();
    expect(await cache.get('k', 'miss')).toBe('miss');
    expect(Date.now() - started).toBeLessThan(1000);
    await expectWorkingFromMemory(cache);
    expect(faults).toEqual(['blocked']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a transaction aborting: reads miss, writes stay in memory, "transaction" reported once', async () => {
    const { cache, faults } = faultyCache();
    await cache.set('before', 1);
    const reader = freshCache({ dbName: cache.dbName, onError: (_e, fault) => faults.push(fault) });
    await reader.set('opened', true);
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(() => {
      throw new DOMException('The transaction was aborted', 'AbortError');
    });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The transaction was aborted', 'AbortError');
    });
    expect(await reader.get('before', 'miss')).toBe('miss');
    await expectWorkingFromMemory(reader);
    expect(faults).toEqual(['transaction']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('QuotaExceededError on write: set resolves with the value, which stays readable; "quota" reported once', async () => {
    const { cache, faults } = faultyCache();
    await cache.set('opened', true);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    const big = { blob: 'x'.repeat(1000) };
    expect(await cache.set('big', big)).toBe(big);
    expect(cache.peek('big')).toBe(big);
    expect(await cache.get('big')).toBe(big);
    await cache.set('big2', big);
    expect(faults).toEqual(['quota']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a value IndexedDB cannot clone stays in memory only; the rest of its batch is written; "clone" reported once', async () => {
    const { cache, faults } = faultyCache();
    await cache.set('bad', 'older value');
    const unclonable = { rows: [1], format: () => 'a function' };
    const written = await Promise.all([
      cache.set('before', 1),
      cache.set('bad', unclonable),
      cache.set('after', 2),
      cache.delete('gone'),
    ]);
    expect(written[1]).toBe(unclonable);
    expect(cache.peek('bad')).toBe(unclonable);
    expect(await cache.get('bad')).toBe(unclonable);
    await cache.set('bad2', { also: () => 0 });
    const reloaded = freshCache({ dbName: cache.dbName });
    expect(await reloaded.get('before')).toBe(1);
    expect(await reloaded.get('after')).toBe(2);
    // Its older record is gone too: a reload misses rather than serve what the unclonable value replaced.
    expect(await reloaded.get('bad', 'miss')).toBe('miss');
    expect(faults).toEqual(['clone']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/cannot clone.*kept in memory only/);
  });

  it('an onError that throws does not stop the cache from answering', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const shown = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cache = freshCache({
      onError: () => {
        throw new Error('a bug in the app');
      },
    });
    await expectWorkingFromMemory(cache);
    expect(shown).toHaveBeenCalledWith(new Error('a bug in the app'));
  });

  it('a passing fault heals: later writes reach IndexedDB again', async () => {
    const { cache, faults } = faultyCache();
    await cache.set('opened', true);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    await cache.set('lost-on-disk', 1);
    await cache.set('saved', 2);
    put.mockRestore();
    const reloaded = freshCache({ dbName: cache.dbName });
    expect(await reloaded.get('saved')).toBe(2);
    expect(await reloaded.get('lost-on-disk', 'miss')).toBe('miss');
    expect(faults).toEqual(['quota']);
  });
});
