// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheProvider, MemoryCache, query, useQuery } from '../../src/index';
import { CacheInspector } from '../../src/react/inspector';
import { CountingStore, User } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)));

function Count({ store }: { store: CountingStore }) {
  const { data } = useQuery(store, User, query(User).count());
  return <p>count: {data ?? '…'}</p>;
}

/** The inspector's rows, as the user reads them. */
function rows() {
  const table = within(screen.getByRole('region', { name: 'Cache inspector' }));
  return table
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
}

describe('CacheInspector', () => {
  it("lists the provider's entries live, with size, expiry and per-key hits and misses", async () => {
    const cache = new MemoryCache({ defaultTimeout: 60 });
    const store = new CountingStore({ cache });
    const key = store.key(User, query(User).count());
    const { rerender } = render(
      <CacheProvider cache={cache}>
        <CacheInspector />
        <Count store={store} />
      </CacheProvider>,
    );
    await screen.findByText('count: 3');
    await settle();
    // The countdown may have ticked past a second on a slow, busy machine.
    const left = expect.stringMatching(/^in (59|60) s$/);
    expect(rows()).toEqual([[key, '1 B', left, '0', '1']]);
    expect(screen.getByText('1 entry · 0 hits · 1 miss · 1 write')).toBeTruthy();
    // A second component mounting on the key reads it from the memory layer: a hit.
    rerender(
      <CacheProvider cache={cache}>
        <CacheInspector />
        <Count store={store} />
        <Count store={store} />
      </CacheProvider>,
    );
    await settle();
    expect(rows()).toEqual([[key, '1 B', left, '1', '1']]);
    expect(screen.getByText('1 entry · 1 hit · 1 miss · 1 write')).toBeTruthy();
    expect(store.calls).toBe(1);
  });

  it('counts the time left down, and shows an entry past its time as expired until a read removes it', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const cache = new MemoryCache();
    await cache.set('k', 'v', 3);
    render(<CacheInspector cache={cache} tick={1000} />);
    await settle();
    expect(rows()).toEqual([['k', '3 B', 'in 3 s', '0', '0']]);
    act(() => vi.advanceTimersByTime(1000));
    expect(rows()[0]![2]).toBe('in 2 s');
    act(() => vi.advanceTimersByTime(2000));
    expect(rows()[0]![2]).toBe('expired');
    await act(() => cache.get('k'));
    await settle();
    expect(screen.getByText(/0 entries · 0 hits · 1 miss · 1 write/)).toBeTruthy();
  });

  it('an entry written long after the inspector mounted shows its whole time left', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const cache = new MemoryCache();
    render(<CacheInspector cache={cache} />);
    await settle();
    vi.advanceTimersByTime(5000); // nothing can expire yet: the clock is idle
    await act(() => cache.set('k', 'v', 3));
    await settle();
    expect(rows()).toEqual([['k', '3 B', 'in 3 s', '0', '0']]);
  });

  it('says when there is no cache to inspect', () => {
    render(<CacheInspector />);
    expect(screen.getByRole('status').textContent).toMatch(/No cache to inspect/);
  });

  it('shows a disabled cache, and starts afresh when given another cache', async () => {
    const first = new MemoryCache();
    await first.set('first', 1);
    const second = new MemoryCache();
    await second.set('second', 2);
    const { rerender } = render(<CacheInspector cache={first} />);
    await settle();
    expect(rows().map((row) => row[0])).toEqual(['first']);
    act(() => void first.disable());
    await settle();
    expect(screen.getByText(/· disabled/)).toBeTruthy();
    rerender(<CacheInspector cache={second} />);
    await settle();
    expect(rows().map((row) => row[0])).toEqual(['second']);
  });
});
