import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, defineModel, MemoryStore, query } from '../../../src/core/index';
import { User, users } from '../fixtures';

// MemoryStore the store: its options, its rows by model, and its latency. What a query matches
// over those rows is evaluate's, in evaluate.test.ts.

const store = new MemoryStore({ identifier: 'mem', data: { my_app: { user: users } } });

describe('MemoryStore set-up and safety', () => {
  it('an unknown model is a ConfigurationError that says how to pass its rows', async () => {
    const Other = defineModel<{ id: number }>({ app: 'my_app', name: 'company' });
    await expect(store.query(Other).list()).rejects.toThrow(ConfigurationError);
    await expect(store.query(Other).list()).rejects.toThrow('{ my_app: { company: [...] } }');
  });
  it('rejects bad data and latency options', () => {
    expect(() => new MemoryStore({ identifier: 'm', data: null as never })).toThrow(ConfigurationError);
    expect(() => new MemoryStore({ identifier: 'm', data: {}, latency: -1 })).toThrow(ConfigurationError);
    // Infinity would make setTimeout answer at once; a string would pass a `>= 0` check.
    for (const latency of [Number.POSITIVE_INFINITY, Number.NaN, '5', null]) {
      expect(() => new MemoryStore({ identifier: 'm', data: {}, latency: latency as never })).toThrow(
        /"latency" must be a finite number of milliseconds/,
      );
    }
  });
});

describe('MemoryStore latency', () => {
  /** Calls the backend directly, as the store does on a miss. */
  class Probe extends MemoryStore {
    call(signal: AbortSignal): Promise<unknown> {
      return this.execute(User, query(User).count(), { signal });
    }
  }
  const slow = () => new Probe({ data: { my_app: { user: users } }, latency: 100 });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('each backend call answers that many milliseconds later', async () => {
    vi.useFakeTimers();
    let answered = false;
    const pending = slow()
      .query(User)
      .count()
      .then((count) => ((answered = true), count));
    await vi.advanceTimersByTimeAsync(99);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBe(3);
  });

  it('an abort during the wait rejects with its reason and clears the timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = slow().call(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('no longer needed');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already aborted signal rejects at once, without a timer', async () => {
    vi.useFakeTimers();
    const reason = new Error('gone');
    const pending = slow().call(AbortSignal.abort(reason));
    expect(vi.getTimerCount()).toBe(0);
    await expect(pending).rejects.toBe(reason);
  });
});
