import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BadQuery,
  ConfigurationError,
  DoesNotExist,
  InvalidQuery,
  QueryObserver,
  StoreError,
  UnsupportedQuery,
} from '../../../src/core/index';
import { count, setup } from '../controlled-store';
import { User } from '../fixtures';

afterEach(() => {
  vi.useRealTimers();
});

/** Lets the store's promise callbacks run without moving fake time. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('retries of a backend call', () => {
  it('a StoreError is tried again `retry` times, after retryDelay(attempt, error) ms each, then rejects', async () => {
    vi.useFakeTimers();
    const { store, cache, key } = setup();
    const delays: [number, string][] = [];
    const retryDelay = (attempt: number, error: Error) => {
      delays.push([attempt, error.message]);
      return 100 * (attempt + 1);
    };
    const run = store.run(User, count, { retry: 2, retryDelay });
    const failed = expect(run).rejects.toThrow('down 3');
    await settle();
    store.pending[0]!.reject(new StoreError('down 1', { status: 503 }));
    await settle();
    expect(store.pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.pending).toHaveLength(2);
    store.pending[1]!.reject(new StoreError('down 2', { status: 503 }));
    await vi.advanceTimersByTimeAsync(199);
    expect(store.pending).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    store.pending[2]!.reject(new StoreError('down 3', { status: 503 }));
    await failed;
    expect(delays).toEqual([
      [0, 'down 1'],
      [1, 'down 2'],
    ]);
    expect(cache.peek(key)).toBeUndefined();
  });

  it('a retry that succeeds answers every caller, and is cached', async () => {
    vi.useFakeTimers();
    const { store, cache, key } = setup();
    const callers = [store.run(User, count, { retry: 1, retryDelay: () => 10 }), store.run(User, count)];
    await settle();
    store.pending[0]!.reject(new StoreError('down'));
    await vi.advanceTimersByTimeAsync(10);
    // The callers share the call, and so its retries: one backend call per attempt.
    expect(store.pending).toHaveLength(2);
    store.pending[1]!.resolve(3);
    expect(await Promise.all(callers)).toEqual([3, 3]);
    expect(cache.peek(key)).toBe(3);
  });

  for (const error of [
    new BadQuery('HTTP 400', { status: 400 }),
    new InvalidQuery('bad', 'filter'),
    new UnsupportedQuery('cannot'),
    new DoesNotExist('none'),
  ]) {
    it(`${error.name} is never retried`, async () => {
      const { store } = setup();
      const run = store.run(User, count, { retry: 5, retryDelay: () => 0 });
      await Promise.resolve();
      await new Promise((resolve) => setTimeout(resolve, 0));
      store.pending[0]!.reject(error);
      await expect(run).rejects.toBe(error);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(store.pending).toHaveLength(1);
    });
  }

  it('an abort during the wait stops the retries', async () => {
    vi.useFakeTimers();
    const { store } = setup();
    const leave = new AbortController();
    const run = store.run(User, count, { retry: 3, retryDelay: () => 1000, signal: leave.signal });
    const aborted = expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await settle();
    store.pending[0]!.reject(new StoreError('down'));
    await settle();
    leave.abort();
    await aborted;
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.pending).toHaveLength(1);
  });

  it('run() does not retry by default; a hook (QueryObserver) retries 3 times', async () => {
    vi.useFakeTimers();
    const { store, cache } = setup();
    await expect(
      (async () => {
        const run = store.run(User, count);
        await settle();
        store.pending[0]!.reject(new StoreError('down'));
        return run;
      })(),
    ).rejects.toThrow('down');
    const observer = new QueryObserver(store, User, count, { cache, retryDelay: () => 10 });
    observer.subscribe(() => {});
    for (let attempt = 0; attempt < 4; attempt++) {
      await vi.advanceTimersByTimeAsync(10);
      store.pending.at(-1)!.reject(new StoreError(`down ${attempt}`));
    }
    await vi.advanceTimersByTimeAsync(10);
    expect(store.pending).toHaveLength(1 + 4);
    expect(observer.getSnapshot()).toMatchObject({ status: 'error', error: { message: 'down 3' } });
  });

  it('bad retry options are ConfigurationErrors naming the option', async () => {
    const { store, cache } = setup();
    await expect(store.run(User, count, { retry: -1 })).rejects.toThrow(ConfigurationError);
    await expect(store.run(User, count, { retry: 1.5 })).rejects.toThrow(/"retry" must be false or a whole number/);
    await expect(store.run(User, count, { retryDelay: 100 as never })).rejects.toThrow(
      /"retryDelay" must be a function/,
    );
    expect(() => new QueryObserver(store, User, count, { cache, retry: 'often' as never })).toThrow(
      /^useQuery: "retry"/,
    );
    expect(store.pending).toHaveLength(0);
  });
});
