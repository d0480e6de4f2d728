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
