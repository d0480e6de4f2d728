import { describe, expect, it } from 'vitest';
import {
  type Action,
  type Answer,
  BadQuery,
  MemoryCache,
  type Query,
  QueryObserver,
  type QuerySnapshot,
  query,
  type RunOptions,
  type Model,
} from '../../../src/core/index';
import { ControlledStore, count, setup, tick } from '../controlled-store';
import { User } from '../fixtures';

// QueryObserver is the state machine behind useQuery: driven here with no React at all.

/** Subscribes to an observer and keeps every snapshot it was told about. */
function watch<R>(observer: QueryObserver<any, any, any>) {
  const seen: QuerySnapshot<R>[] = [];
  const stop = observer.subscribe(() => seen.push(observer.getSnapshot() as QuerySnapshot<R>));
  const shown = () => observer.getSnapshot() as QuerySnapshot<R>;
  return { seen, stop, shown };
}

const brief = ({ status, data, isFetching, source }: QuerySnapshot<unknown>) => ({ status, data, isFetching, source });

describe('QueryObserver, without React', () => {
  it('a hit in the memory layer is in the first snapshot, and subscribing calls nothing', async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3, undefined, { query: count.canonical });
    const observer = new QueryObserver(store, User, count, { cache });
    expect(brief(observer.getSnapshot())).toEqual({ status: 'success', data: 3, isFetching: false, source: 'cache' });
    const { seen } = watch(observer);
    await tick();
    expect(seen).toEqual([]);
    expect(store.pending).toHaveLength(0);
  });

  it('a miss: pending and fetching from the start, one call, then one change to success', async () => {
    const { cache, store, key } = setup();
    const observer = new QueryObserver(store, User, count, { cache });
    expect(brief(observer.getSnapshot())).toEqual({
      status: 'pending',
      data: undefined,
      isFetching: true,
      source: undefined,
    });
    const { seen } = watch<number>(observer);
    await tick();
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(3);
    await tick();
    expect(seen.map(brief)).toEqual([{ status: 'success', data: 3, isFetching: false, source: 'store' }]);
    expect(cache.peek(key)).toBe(3);
  });

  it('two observers of one cold key share one call', async () => {
    const { cache, store } = setup();
    const a = watch<number>(new QueryObserver(store, User, count, { cache }));
    const b = watch<number>(new QueryObserver(store, User, query(User).count(), { cache }));
    await tick();
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(3);
    await tick();
    expect([a.shown().data, b.shown().data]).toEqual([3, 3]);
    expect([a.seen.length, b.seen.length]).toEqual([1, 1]);
  });

  it("another writer's value shows at once, in one change", async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3);
    const { seen, shown } = watch<number>(new QueryObserver(store, User, count, { cache }));
    await cache.set(key, 4);
    expect(brief(shown())).toEqual({ status: 'success', data: 4, isFetching: false, source: 'store' });
    expect(seen).toHaveLength(1);
  });

  it('a removal of a shown entry fetches again, keeping the data on screen meanwhile', async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3);
    const { shown } = watch<number>(new QueryObserver(store, User, count, { cache }));
    await cache.invalidate('s:my_app:');
    expect(brief(shown())).toEqual({ status: 'success', data: 3, isFetching: true, source: 'cache' });
    await tick();
    store.pending[0]!.resolve(4);
    await tick();
    expect(brief(shown())).toEqual({ status: 'success', data: 4, isFetching: false, source: 'store' });
  });

  it('a removal while its call runs: the older answer is never shown, one fresh call is', async () => {
    const { cache, store, key } = setup();
    const { seen, shown } = watch<string>(new QueryObserver(store, User, count, { cache }));
    await tick();
    await cache.delete(key);
    store.pending[0]!.resolve('stale');
    await tick();
    expect(seen.map((snapshot) => snapshot.data)).not.toContain('stale');
    expect(store.pending).toHaveLength(2);
    store.pending[1]!.resolve('fresh');
    await tick();
    expect(brief(shown())).toEqual({ status: 'success', data: 'fresh', isFetching: false, source: 'store' });
    expect(store.pending).toHaveLength(2);
  });

  it('a change on the way from the store to the observer wins over the answer it overtook', async () => {
    const cache = new MemoryCache();
    /** Writes a newer value just after its answer leaves, as another tab or caller might. */
    class Overtaken extends ControlledStore {
      override async answer<T, Out, A extends Action>(
        model: Model<T>,
        q: Query<T, Out, A>,
        options?: RunOptions,
      ): Promise<Answer<any>> {
        const answer = await super.answer(model, q, options);
        void cache.set(this.key(User, count), 'newer', undefined, { query: count.canonical });
        return answer;
      }
    }
    const store = new Overtaken({ identifier: 's', cache });
    const { shown } = watch<string>(new QueryObserver(store, User, count, { cache }));
    await tick();
    store.pending[0]!.resolve('older');
    await tick();
    expect(shown().data).toBe('newer');
    expect(cache.peek(store.key(User, count))).toBe('newer');
  });

  it('errors are shown, not cached, and refetch() recovers', async () => {
    const { cache, store, key } = setup();
    const observer = new QueryObserver(store, User, count, { cache });
    const { shown } = watch<number>(observer);
    await tick();
    store.pending[0]!.reject(new BadQuery('no such field'));
    await tick();
    expect(shown()).toMatchObject({ status: 'error', error: expect.any(BadQuery), isFetching: false });
    expect(cache.peek(key)).toBeUndefined();
    const refetched = observer.refetch();
    await tick();
    store.pending[1]!.resolve(3);
    await refetched;
    expect(brief(shown())).toEqual({ status: 'success', data: 3, isFetching: false, source: 'store' });
  });

  it('refetch() skips the read, writes the fresh value, and other observers of the key show it', async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3);
    const first = new QueryObserver(store, User, count, { cache });
    const a = watch<number>(first);
    const b = watch<number>(new QueryObserver(store, User, count, { cache }));
    const refetched = first.refetch();
    await tick();
    store.pending[0]!.resolve(4);
    await refetched;
    expect([a.shown().data, b.shown().data]).toEqual([4, 4]);
    expect(cache.peek(key)).toBe(4);
  });

  it('the last unsubscribe aborts an unshared call, which caches nothing; re-subscribing in the same tick keeps it', async () => {
    const { cache, store, key } = setup();
    const observer = new QueryObserver(store, User, count, { cache });
    const first = watch(observer);
    await tick();
    // StrictMode: unsubscribed and subscribed again at once.
    first.stop();
    const second = watch(observer);
    await tick();
    expect(store.pending[0]!.signal.aborted).toBe(false);
    second.stop();
    await tick();
    expect(store.pending[0]!.signal.aborted).toBe(true);
    expect(cache.peek(key)).toBeUndefined();
  });

  it('enabled: false fetches nothing but still shows a memory hit', async () => {
    const { cache, store, key } = setup();
    const idle = watch(new QueryObserver(store, User, count, { cache, enabled: false }));
    await tick();
    expect(store.pending).toHaveLength(0);
    expect(idle.shown()).toMatchObject({ status: 'pending', isFetching: false });
    await cache.set(key, 3);
    const shown = new QueryObserver(store, User, count, { cache, enabled: false });
    expect(shown.getSnapshot()).toMatchObject({ status: 'success', data: 3 });
  });

  it('a replacement observer keeps the data of the one it replaces only for the same query', async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3);
    const before = new QueryObserver(store, User, count, { cache });
    await cache.delete(key);
    const sameQuery = new QueryObserver(store, User, query(User).count(), { cache, timeout: 60, previous: before });
    expect(brief(sameQuery.getSnapshot())).toEqual({ status: 'success', data: 3, isFetching: false, source: 'cache' });
    const otherQuery = new QueryObserver(store, User, query(User).filter({ age: 1 }).count(), {
      cache,
      previous: before,
    });
    expect(otherQuery.getSnapshot().status).toBe('pending');
  });

  it('keepPreviousData: a replacement for another query shows the last data, marked, until its own arrives', async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3);
    const before = new QueryObserver(store, User, count, { cache });
    const first = watch(before);
    const adults = query(User)
      .filter({ age: { gte: 18 } })
      .count();
    const after = new QueryObserver(store, User, adults, { cache, keepPreviousData: true, previous: before });
    first.stop();
    const { shown } = watch<number>(after);
    expect(shown()).toMatchObject({ status: 'success', data: 3, isPreviousData: true, isFetching: true });
    await tick();
    store.pending[0]!.resolve(2);
    await tick();
    expect(shown()).toMatchObject({ status: 'success', data: 2, isPreviousData: false, isFetching: false });
  });

  it('keepPreviousData: an error of the new query shows no data of the previous one', async () => {
    const { cache, store, key } = setup();
    await cache.set(key, 3);
    const before = new QueryObserver(store, User, count, { cache });
    const adults = query(User)
      .filter({ age: { gte: 18 } })
      .count();
    const { shown } = watch(
      new QueryObserver(store, User, adults, { cache, keepPreviousData: true, previous: before }),
    );
    await tick();
    store.pending[0]!.reject(new BadQuery('no'));
    await tick();
    expect(shown()).toMatchObject({ status: 'error', data: undefined, isPreviousData: false });
  });

  it("a replaced observer's request for another query is not aborted: it is cached, and shown by neither", async () => {
    const { cache, store } = setup();
    const before = new QueryObserver(store, User, count, { cache });
    const first = watch<unknown>(before);
    await tick();
    const adults = query(User)
      .filter({ age: { gte: 18 } })
      .count();
    const after = new QueryObserver(store, User, adults, { cache, previous: before });
    first.stop();
    const second = watch<unknown>(after);
    await tick();
    expect(store.pending.map((call) => call.signal.aborted)).toEqual([false, false]);
    store.pending[0]!.resolve('all');
    store.pending[1]!.resolve('adults');
    await tick();
    expect(cache.peek(store.key(User, count))).toBe('all');
    expect(second.shown().data).toBe('adults');
    expect(first.seen.map((snapshot) => snapshot.data)).not.toContain('all');
  });
});
