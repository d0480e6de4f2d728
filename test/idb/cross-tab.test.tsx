// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type CacheEvent, CacheProvider, query, useQuery } from '../../src/index';
import { IndexedDBCache } from '../../src/idb/index';
import { CountingStore, User } from '../react/fixtures';
import { freshCache } from './helpers';

const opened: IndexedDBCache[] = [];
afterEach(() => {
  cleanup();
  while (opened.length) opened.pop()!.close();
});

/** Two caches on one database: two tabs of one app. */
function twoTabs() {
  const first = freshCache();
  const second = new IndexedDBCache({ dbName: first.dbName, storeName: first.storeName, pruneDelay: false });
  opened.push(first, second);
  const heard: CacheEvent['type'][] = [];
  // The test's own peeks on `second` are reads of that tab: only changes are listened for here.
  second.subscribe((event) => event.type !== 'read' && heard.push(event.type));
  return { first, second, heard };
}

describe('other tabs on the same database follow', () => {
  it('a set reaches the other memory layer and its subscribers', async () => {
    const { first, second, heard } = twoTabs();
    await first.set('k', { at: new Date(0) });
    await waitFor(() => expect(second.peek('k')).toEqual({ at: new Date(0) }));
    expect(heard).toEqual(['set']);
  });

  it('delete, invalidate and clear reach it too', async () => {
    const { first, second, heard } = twoTabs();
    await Promise.all([first.set('a:1', 1), first.set('a:2', 2), first.set('b:1', 3)]);
    await waitFor(() => expect(second.peek('b:1')).toBe(3));
    await first.delete('a:1');
    await waitFor(() => expect(second.peek('a:1')).toBeUndefined());
    await first.invalidate('a:');
    await waitFor(() => expect(second.peek('a:2')).toBeUndefined());
    expect(second.peek('b:1')).toBe(3);
    await first.clear();
    await waitFor(() => expect(second.peek('b:1')).toBeUndefined());
    expect(heard).toEqual(['set', 'set', 'set', 'delete', 'invalidate', 'clear']);
  });

  it('changes are not echoed back to the tab that made them', async () => {
    const { first } = twoTabs();
    const heard: string[] = [];
    first.subscribe((event) => heard.push(event.type));
    await first.set('k', 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard).toEqual(['set']);
  });

  it('reads and enable/disable stay in the tab that made them', async () => {
    const { first, second } = twoTabs();
    const heard: string[] = [];
    second.subscribe((event) => heard.push(event.type));
    await first.get('k');
    first.disable().restore();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard).toEqual([]);
  });

  it('caches on other databases hear nothing', async () => {
    const { first } = twoTabs();
    const elsewhere = freshCache();
    opened.push(elsewhere);
    await first.set('k', 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(elsewhere.peek('k')).toBeUndefined();
  });

  it("mounted hooks follow another tab's refetch, without a backend call of their own", async () => {
    const { first, second } = twoTabs();
    const store = new CountingStore();
    function Count() {
      const { data } = useQuery(store, User, query(User).count());
      return <p>{data === undefined ? '…' : `count ${data}`}</p>;
    }
    render(
      <CacheProvider cache={second}>
        <Count />
      </CacheProvider>,
    );
    await screen.findByText('count 3');
    expect(store.calls).toBe(1);
    // The other tab's refetch writes a fresh result to its cache.
    const otherTab = new CountingStore({ cache: first, data: 4 });
    await act(() => otherTab.query(User).count({ refresh: true }));
    await screen.findByText('count 4');
    expect(store.calls).toBe(1);
  });
});

describe("other tabs' messages are untrusted input", () => {
  /** Posts `messages` on the cache's channel as any page of the origin can, then a valid set of 'marker': once that arrives, every one before it has. */
  async function post(cache: IndexedDBCache, ...messages: unknown[]) {
    const channel = new BroadcastChannel(`react-lifter:${cache.dbName}/${cache.storeName}`);
    for (const message of messages) channel.postMessage(message);
    const marker = { value: messages.length, query: undefined, storedAt: Date.now(), expiresAt: null };
    channel.postMessage({ type: 'set', key: 'marker', entry: marker });
    await waitFor(() => expect(cache.peek('marker')).toBe(messages.length));
    channel.close();
  }

  it('null, foreign shapes, unknown types and half messages are ignored: no throw, no change, nothing told', async () => {
    const cache = freshCache();
    opened.push(cache);
    await cache.set('kept', 1);
    await cache.set('s:app:user:1', 2);
    const heard: CacheEvent[] = [];
    cache.subscribe((event) => event.type !== 'read' && heard.push(event));
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      await post(
        cache,
        null,
        'clear',
        42,
        [],
        { type: 'wipe' },
        { kind: 'clear' },
        { type: 'set', key: 'half' },
        { type: 'set', key: 'bad-time', entry: { value: 1, storedAt: 'yesterday', expiresAt: null } },
        { type: 'set', key: 'bad-expiry', entry: { value: 1, storedAt: 0, expiresAt: '2030' } },
        { type: 'set', key: 'bad-query', entry: { value: 1, query: 7, storedAt: 0, expiresAt: null } },
        { type: 'set', key: 'no-value', entry: { storedAt: 0, expiresAt: null } },
        { type: 'set', key: 3, entry: { value: 1, storedAt: 0, expiresAt: null } },
        { type: 'delete' },
        { type: 'delete', key: ['kept'] },
        { type: 'invalidate' },
        { type: 'invalidate', prefix: { 0: 's' } },
      );
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
    expect([cache.peek('kept'), cache.peek('s:app:user:1')]).toEqual([1, 2]);
    for (const key of ['half', 'bad-time', 'bad-expiry', 'bad-query', 'no-value', '3'])
      expect(cache.peek(key)).toBeUndefined();
    expect(heard).toEqual([{ type: 'set', key: 'marker', entry: expect.objectContaining({ value: 16 }) }]);
    expect((await cache.entries()).map(([key]) => key).sort()).toEqual(['kept', 'marker', 's:app:user:1']);
  });

  it('well-formed messages still apply: a full set, a delete by key, an invalidation by prefix, a clear', async () => {
    const cache = freshCache();
    opened.push(cache);
    await Promise.all([cache.set('a:1', 1), cache.set('b:1', 2), cache.set('c:1', 3)]);
    await post(
      cache,
      { type: 'set', key: 'a:2', entry: { value: 'from the other tab', storedAt: Date.now(), expiresAt: null } },
      { type: 'delete', key: 'a:1' },
      { type: 'invalidate', prefix: 'b:' },
    );
    expect([cache.peek('a:2'), cache.peek('a:1'), cache.peek('b:1'), cache.peek('c:1')]).toEqual([
      'from the other tab',
      undefined,
      undefined,
      3,
    ]);
    await post(cache, { type: 'clear' });
    expect(cache.peek('c:1')).toBeUndefined();
  });
});

describe('a reload', () => {
  it('a component re-mounting on persisted data renders it without a backend call', async () => {
    const before = freshCache();
    const store = new CountingStore();
    function Count() {
      const { data, source } = useQuery(store, User, query(User).count());
      return <p>{data === undefined ? 'loading' : `count ${data} from ${source}`}</p>;
    }
    const firstPage = render(
      <CacheProvider cache={before}>
        <Count />
      </CacheProvider>,
    );
    await screen.findByText('count 3 from store');
    await before.flush();
    firstPage.unmount();
    before.close();

    const after = new IndexedDBCache({ dbName: before.dbName, pruneDelay: false });
    opened.push(after);
    render(
      <CacheProvider cache={after}>
        <Count />
      </CacheProvider>,
    );
    expect(screen.getByText('loading')).toBeTruthy();
    await screen.findByText('count 3 from cache');
    expect(store.calls).toBe(1);
  });
});
