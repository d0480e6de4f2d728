// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useLayoutEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BadQuery,
  CacheProvider,
  ConfigurationError,
  InvalidQuery,
  MemoryCache,
  query,
  StoreError,
  type UseQueryResult,
  useQuery,
} from '../../src/index';
import { ControlledStore, CountingStore, SlowCache, User } from './fixtures';

afterEach(cleanup);

type Seen = Pick<UseQueryResult<unknown>, 'status' | 'data' | 'source' | 'isFetching'>;

/** Renders a component that records what each of its renders saw. */
function Count({
  store,
  renders,
  label = 'count',
}: {
  store: CountingStore | ControlledStore;
  renders?: Seen[];
  label?: string;
}) {
  const { data, status, source, isFetching } = useQuery(store, User, query(User).count());
  renders?.push({ status, data, source, isFetching });
  return <p data-testid={label}>{status === 'success' ? `${label}: ${data}` : status}</p>;
}

describe('a hit in the memory layer', () => {
  it('renders the data in the first render: one render, no backend call, source cache', async () => {
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    await store.query(User).count();
    store.calls = 0;
    const renders: Seen[] = [];
    render(
      <CacheProvider cache={cache}>
        <Count store={store} renders={renders} />
      </CacheProvider>,
    );
    expect(screen.getByTestId('count').textContent).toBe('count: 3');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(renders).toEqual([{ status: 'success', data: 3, source: 'cache', isFetching: false }]);
    expect(store.calls).toBe(0);
    // The first count() missed; the render's read of the memory layer is one hit.
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, writes: 1 });
  });
});

describe('a miss', () => {
  it('renders pending then success: two renders, one backend call, result cached, source store', async () => {
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    const renders: Seen[] = [];
    render(
      <CacheProvider cache={cache}>
        <Count store={store} renders={renders} />
      </CacheProvider>,
    );
    expect(screen.getByTestId('count').textContent).toBe('pending');
    await screen.findByText('count: 3');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(renders).toEqual([
      { status: 'pending', data: undefined, source: undefined, isFetching: true },
      { status: 'success', data: 3, source: 'store', isFetching: false },
    ]);
    expect(store.calls).toBe(1);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 1, writes: 1 });
    expect(cache.peek(store.key(User, query(User).count()))).toBe(3);
  });
});

describe('an asynchronous cache layer', () => {
  it('shows pending once, then the data, with no backend call', async () => {
    const cache = new SlowCache();
    const store = new CountingStore({ cache });
    await cache.set(store.key(User, query(User).count()), 3);
    const renders: Seen[] = [];
    render(
      <CacheProvider cache={cache}>
        <Count store={store} renders={renders} />
      </CacheProvider>,
    );
    await screen.findByText('count: 3');
    expect(renders).toEqual([
      { status: 'pending', data: undefined, source: undefined, isFetching: true },
      { status: 'success', data: 3, source: 'cache', isFetching: false },
    ]);
    expect(store.calls).toBe(0);
  });
});

describe('many components on one cold key', () => {
  const hundred = (store: CountingStore, renders?: Seen[]) =>
    Array.from({ length: 100 }, (_, i) => <Count key={i} store={store} label={`c${i}`} renders={renders} />);

  it('100 components mounting together: one backend call, all show the data, two renders each', async () => {
    const store = new CountingStore();
    const renders: Seen[] = [];
    render(<CacheProvider cache={new MemoryCache()}>{hundred(store, renders)}</CacheProvider>);
    await waitFor(() => expect(screen.getAllByText(/^c\d+: 3$/)).toHaveLength(100));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(store.calls).toBe(1);
    expect(renders).toHaveLength(200);
    expect(renders.filter((seen) => seen.status === 'pending')).toHaveLength(100);
  });

  it('the same under StrictMode', async () => {
    const store = new CountingStore();
    render(
      <StrictMode>
        <CacheProvider cache={new MemoryCache()}>{hundred(store)}</CacheProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getAllByText(/^c\d+: 3$/)).toHaveLength(100));
    expect(store.calls).toBe(1);
  });

  it('under StrictMode without any cache: still one backend call', async () => {
    const store = new CountingStore();
    render(<StrictMode>{hundred(store)}</StrictMode>);
    await waitFor(() => expect(screen.getAllByText(/^c\d+: 3$/)).toHaveLength(100));
    expect(store.calls).toBe(1);
  });
});

describe('inline queries', () => {
  it('a new query object every render neither refetches nor loops', async () => {
    const store = new CountingStore({ cache: new MemoryCache() });
    let renders = 0;
    function Adults({ tick }: { tick: number }) {
      renders++;
      const { data } = useQuery(
        store,
        User,
        query(User)
          .filter({ age: { gte: 18 } })
          .orderBy('-age')
          .valuesList('name', { flat: true }),
      );
      return (
        <p>
          {tick}:{data?.join(',') ?? '…'}
        </p>
      );
    }
    const { rerender } = render(<Adults tick={0} />);
    await screen.findByText('0:Cleo,Ann');
    for (let tick = 1; tick <= 5; tick++) rerender(<Adults tick={tick} />);
    await screen.findByText('5:Cleo,Ann');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(store.calls).toBe(1);
    expect(renders).toBe(7);
  });
});

describe('a query that changes while a request is in flight', () => {
  function ByAge({ store, age }: { store: ControlledStore; age: number }) {
    const { data, status } = useQuery(store, User, query(User).filter({ age }).count());
    return <p data-testid="out">{status === 'success' ? `age ${age}: ${data}` : `${status} ${age}`}</p>;
  }

  it.each(['old first', 'new first'])(
    'never renders the old result (%s); the superseded request finishes and is cached',
    async (order) => {
      const store = new ControlledStore({ cache: new MemoryCache() });
      const seen: string[] = [];
      const observer = new MutationObserver(() => seen.push(screen.getByTestId('out').textContent ?? ''));
      const { rerender, container } = render(<ByAge store={store} age={1} />);
      observer.observe(container, { subtree: true, childList: true, characterData: true });
      await waitFor(() => expect(store.calls).toHaveLength(1));
      rerender(<ByAge store={store} age={2} />);
      await waitFor(() => expect(store.calls).toHaveLength(2));
      const [oldCall, newCall] = store.calls as [(typeof store.calls)[0], (typeof store.calls)[0]];
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
      expect(oldCall.signal.aborted).toBe(false);
      await act(async () => {
        if (order === 'old first') {
          oldCall.resolve(111);
          newCall.resolve(222);
        } else {
          newCall.resolve(222);
          oldCall.resolve(111);
        }
      });
      await screen.findByText('age 2: 222');
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
      expect(screen.getByTestId('out').textContent).toBe('age 2: 222');
      expect(seen.join('|')).not.toContain('111');
      // Typing back the first query is served from the cache.
      expect(store.cache?.peek(store.key(User, query(User).filter({ age: 1 }).count()))).toBe(111);
      observer.disconnect();
    },
  );

  it('does not abort a request another component still waits for', async () => {
    const store = new ControlledStore();
    const { rerender } = render(
      <>
        <ByAge store={store} age={1} />
        <Count store={store} />
      </>,
    );
    await waitFor(() => expect(store.calls).toHaveLength(2));
    rerender(
      <>
        <ByAge store={store} age={1} />
        <Count store={store} label="other" />
      </>,
    );
    const countCall = store.calls[1]!;
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(countCall.signal.aborted).toBe(false);
  });
});

describe('re-mounting during a request', () => {
  it('the new component joins the running request: one backend call, never aborted', async () => {
    const store = new ControlledStore({ cache: new MemoryCache() });
    const { rerender } = render(<Count key="first" store={store} />);
    await waitFor(() => expect(store.calls).toHaveLength(1));
    rerender(<Count key="second" store={store} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0]!.signal.aborted).toBe(false);
    await act(async () => store.calls[0]!.resolve(4));
    expect(screen.getByTestId('count').textContent).toBe('count: 4');
  });
});

describe('unmounting during a request', () => {
  it('updates nothing, warns nothing, and aborts the unshared request', async () => {
    const errors = vi.spyOn(console, 'error');
    const store = new ControlledStore({ cache: new MemoryCache() });
    const renders: Seen[] = [];
    const { unmount } = render(<Count store={store} renders={renders} />);
    await waitFor(() => expect(store.calls).toHaveLength(1));
    unmount();
    await waitFor(() => expect(store.calls[0]!.signal.aborted).toBe(true));
    store.calls[0]!.resolve(9);
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(renders).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
    expect(store.cache?.peek(store.key(User, query(User).count()))).toBeUndefined();
  });
});

describe('backend errors', () => {
  it('show status error with a typed error, cache nothing, and refetch() recovers', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ cache });
    let result!: UseQueryResult<number>;
    function View() {
      result = useQuery(store, User, query(User).count());
      return (
        <p>
          {result.status}
          {result.error ? `: ${result.error.message}` : ''}
        </p>
      );
    }
    render(
      <CacheProvider cache={cache}>
        <View />
      </CacheProvider>,
    );
    await waitFor(() => expect(store.calls).toHaveLength(1));
    await act(async () => store.calls[0]!.reject(new BadQuery('age must be a number', { status: 400 })));
    await screen.findByText('error: age must be a number');
    expect(result.error).toBeInstanceOf(BadQuery);
    expect(cache.size).toBe(0);
    act(() => void result.refetch());
    await waitFor(() => expect(store.calls).toHaveLength(2));
    await act(async () => store.calls[1]!.resolve(4));
    await screen.findByText('success');
    expect(result.data).toBe(4);
    expect(result.error).toBeUndefined();
    expect(cache.peek(result.key)).toBe(4);
  });

  it('wraps an untyped backend failure in a StoreError (transient: retried, here never)', async () => {
    const store = new ControlledStore();
    let result!: UseQueryResult<number>;
    function View() {
      result = useQuery(store, User, query(User).count(), { retry: false });
      return <p>{result.status}</p>;
    }
    render(<View />);
    await waitFor(() => expect(store.calls).toHaveLength(1));
    await act(async () => store.calls[0]!.reject(new TypeError('failed to fetch')));
    await screen.findByText('error');
    expect(result.error).toBeInstanceOf(StoreError);
    expect((result.error as StoreError).cause).toBeInstanceOf(TypeError);
  });
});

describe('wrong arguments', () => {
  function Probe({ args }: { args: unknown[] }) {
    (useQuery as (...a: unknown[]) => unknown)(...args);
    return null;
  }
  const store = new CountingStore();
  const cases: [string, unknown[], abstract new (...args: never[]) => Error, RegExp][] = [
    [
      'a null store',
      [null, User, query(User)],
      ConfigurationError,
      /^useQuery: the store \(first argument\) must be a store/,
    ],
    [
      'a plain object as store',
      [{ identifier: 'x' }, User, query(User)],
      ConfigurationError,
      /the store \(first argument\).*got an instance of Object/,
    ],
    ['a null model', [store, null, query(User)], ConfigurationError, /^useQuery: the model \(second argument\)/],
    ['a null query', [store, User, null], InvalidQuery, /^useQuery: the query \(third argument\)/],
    ['a filter object as query', [store, User, { age: 3 }], InvalidQuery, /^useQuery: the query \(third argument\)/],
  ];
  it.each(cases)('%s is a typed error naming the argument, thrown in render', (_name, args, type, message) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let thrown: unknown;
    try {
      render(<Probe args={args} />);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('a changed query', () => {
  it('renders the component once per commit: the new observer is made without a second render', async () => {
    const store = new CountingStore({ cache: new MemoryCache() });
    let executions = 0;
    let commits = 0;
    function Adults({ age }: { age: number }) {
      executions++;
      const { data } = useQuery(
        store,
        User,
        query(User)
          .filter({ age: { gte: age } })
          .count(),
        {
          keepPreviousData: true,
        },
      );
      useLayoutEffect(() => {
        commits++;
      });
      return <p data-testid="adults">{data ?? '…'}</p>;
    }
    const { rerender } = render(<Adults age={18} />);
    await screen.findByText('2');
    for (const age of [20, 30, 40, 50]) {
      rerender(<Adults age={age} />);
      await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
    }
    expect(screen.getByTestId('adults').textContent).toBe('0');
    expect(executions).toBe(commits);
  });
});

describe('what a component reads', () => {
  it('re-renders it only when that changes: a list reading data ignores isFetching; one reading it does not', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ cache });
    const count = query(User).count();
    await cache.set(store.key(User, count), 3, undefined, { query: count.canonical });
    let listRenders = 0;
    let spinnerRenders = 0;
    let refetch!: () => Promise<void>;
    let refetchSpinner!: () => Promise<void>;
    let late: boolean | undefined;
    function List() {
      const result = useQuery(store, User, count);
      listRenders++;
      refetch = result.refetch;
      return <button onClick={() => (late = result.isFetching)}>{result.data}</button>;
    }
    function Spinner() {
      const { isFetching, refetch } = useQuery(store, User, count);
      refetchSpinner = refetch;
      spinnerRenders++;
      return <p>{isFetching ? 'fetching' : 'idle'}</p>;
    }
    render(
      <CacheProvider cache={cache}>
        <List />
        <Spinner />
      </CacheProvider>,
    );
    expect([listRenders, spinnerRenders]).toEqual([1, 1]);
    // Both refetch (one backend call): each hook is fetching, and only the one that shows it re-renders.
    act(() => {
      void refetch();
      void refetchSpinner();
    });
    await waitFor(() => expect(store.calls).toHaveLength(1));
    expect(screen.getByText('fetching')).toBeTruthy();
    expect([listRenders, spinnerRenders]).toEqual([1, 2]);
    // A handler reading a field after the render gets the observer's value now, not the rendered one.
    act(() => screen.getByRole('button').click());
    expect(late).toBe(true);
    await act(async () => store.calls[0]!.resolve(4));
    expect(screen.getByRole('button').textContent).toBe('4');
    expect([listRenders, spinnerRenders]).toEqual([2, 3]);
  });
});
