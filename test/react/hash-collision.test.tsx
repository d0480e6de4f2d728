// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheProvider, MemoryCache, query, useQuery } from '../../src/index';
import { CountingStore, User } from './fixtures';

// Every query hashes to the same 20 characters: every key on a store and model collides.
vi.mock('../../src/core/query/hash', () => ({ hash20: () => '0'.repeat(20) }));

afterEach(cleanup);

const adults = query(User)
  .filter({ age: { gte: 18 } })
  .count();
const minors = query(User)
  .filter({ age: { lt: 18 } })
  .count();

function Count({ store, q }: { store: CountingStore; q: typeof adults }) {
  const { data, status } = useQuery(store, User, q);
  return <p>{status === 'success' ? `count ${data}` : status}</p>;
}

describe('a hash collision under useQuery', () => {
  it('switching from one query to another with the same key never shows the first one’s data as the second’s', async () => {
    const store = new CountingStore();
    const cache = new MemoryCache();
    expect(store.key(User, adults)).toBe(store.key(User, minors));
    const page = render(
      <CacheProvider cache={cache}>
        <Count store={store} q={adults} />
      </CacheProvider>,
    );
    await screen.findByText('count 2');
    page.rerender(
      <CacheProvider cache={cache}>
        <Count store={store} q={minors} />
      </CacheProvider>,
    );
    expect(screen.queryByText('count 2')).toBeNull();
    await screen.findByText('count 1');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(screen.getByText('count 1')).toBeTruthy();
    expect(store.calls).toBe(2);
  });
});
