import { describe, expect, it, vi } from 'vitest';
import {
  type Action,
  cacheKey,
  MemoryCache,
  type Model,
  type Query,
  query,
  Store,
  type StoreOptions,
} from '../../src/core/index';
import { deferred, tick } from './controlled-store';
import { User } from './fixtures';

// Every query hashes to the same 20 characters: every key on a store and model collides.
vi.mock('../../src/core/query/hash', () => ({ hash20: () => '0'.repeat(20) }));

const A = query(User).filter({ id: 1 });
const B = query(User).filter({ id: 2 });
const answer = (q: Query<any, any, any>) => `rows for ${JSON.stringify(q.state.where)}`;

/** A store whose backend records each query it runs and, while `gate` is set, waits for it. */
class RecordingStore extends Store {
  calls: string[] = [];
  gate: Promise<void> | undefined;
  protected async execute(_model: Model<unknown>, q: Query<unknown, unknown, Action>): Promise<unknown> {
    this.calls.push(answer(q));
    if (this.gate) await this.gate;
    return answer(q);
  }
}

/** A recording store (on a memory cache unless told otherwise) whose backend calls wait until `open()`. */
function gated(options: StoreOptions = { identifier: 'mem', cache: new MemoryCache() }) {
  const store = new RecordingStore(options);
  const gate = deferred<void>();
  store.gate = gate.promise;
  return { store, open: () => gate.resolve() };
}

describe('two queries forced onto one hash', () => {
  it('share one cache key (the premise of these tests)', () => {
    const store = new RecordingStore({ identifier: 'mem' });
    expect(cacheKey(store, User, A)).toBe(`mem:my_app:user:${'0'.repeat(20)}`);
    expect(cacheKey(store, User, B)).toBe(cacheKey(store, User, A));
    expect(A.canonical).not.toBe(B.canonical);
  });
});

describe('a collision in the cache is a miss, never the wrong data', () => {
  it('B after A calls the backend and gets its own result; A after B is not served B', async () => {
    const cache = new MemoryCache();
    const store = new RecordingStore({ identifier: 'mem', cache });

    expect(await store.run(User, A)).toBe(answer(A));
    expect(store.calls).toEqual([answer(A)]);

    expect(await store.run(User, B)).toBe(answer(B));
    expect(store.calls).toEqual([answer(A), answer(B)]);

    expect(await store.run(User, A)).toBe(answer(A));
    expect(store.calls).toEqual([answer(A), answer(B), answer(A)]);
  });

  it('the entry answers only its own query', async () => {
    const cache = new MemoryCache();
    const store = new RecordingStore({ identifier: 'mem', cache });
    const key = store.key(User, A);
    await store.run(User, A);

    expect(cache.peek(key, { query: A.canonical })).toBe(answer(A));
    expect(cache.peek(key, { query: B.canonical })).toBeUndefined();
    expect(await store.run(User, A)).toBe(answer(A));
    expect(store.calls).toEqual([answer(A)]);
    expect(await cache.get(key, 'miss', { query: B.canonical })).toBe('miss');

    // The read for B removed A's entry (B's result was about to replace it): A costs a backend call, never wrong data.
    expect(await store.run(User, A)).toBe(answer(A));
    expect(store.calls).toEqual([answer(A), answer(A)]);
  });

  it('through managers too', async () => {
    const store = new RecordingStore({ identifier: 'mem', cache: new MemoryCache() });
    expect(await store.query(User).filter({ id: 1 }).list()).toBe(answer(A.list()));
    expect(await store.query(User).filter({ id: 2 }).list()).toBe(answer(B.list()));
    expect(store.calls).toHaveLength(2);
  });
});

describe('colliding queries in flight at once do not share a flight', () => {
  it('A and B started together: two backend calls, each gets its own result', async () => {
    const { store, open } = gated();

    const a = store.run(User, A);
    const b = store.run(User, B);
    await tick();
    expect(store.calls).toEqual([answer(A), answer(B)]);

    open();
    expect(await a).toBe(answer(A));
    expect(await b).toBe(answer(B));
  });

  it('an identical query still joins its own flight, not the colliding one', async () => {
    const { store, open } = gated();

    const a = store.run(User, A);
    const b = store.run(User, B);
    const aAgain = store.run(User, query(User).filter({ id: 1 }));
    const bAgain = store.run(User, query(User).filter({ id: 2 }));
    await tick();
    open();

    expect(await Promise.all([a, b, aAgain, bAgain])).toEqual([answer(A), answer(B), answer(A), answer(B)]);
    expect(store.calls.filter((c) => c === answer(A))).toHaveLength(1);
  });

  it('after both land, each query is still answered with its own data', async () => {
    const { store, open } = gated();
    const both = Promise.all([store.run(User, A), store.run(User, B)]);
    await tick();
    open();
    await both;
    store.gate = undefined;

    expect(await store.run(User, A)).toBe(answer(A));
    expect(await store.run(User, B)).toBe(answer(B));
  });

  it('without an identifier or a cache, colliding flights stay apart too', async () => {
    const { store, open } = gated({});

    const a = store.run(User, A);
    const b = store.run(User, B);
    await tick();
    open();

    expect(await a).toBe(answer(A));
    expect(await b).toBe(answer(B));
    expect(store.calls).toEqual([answer(A), answer(B)]);
  });
});
