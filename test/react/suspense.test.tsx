// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ReactNode, StrictMode, Suspense, startTransition, useState } from 'react';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { BadQuery, CacheProvider, MemoryCache, query, StoreError, useSuspenseQuery } from '../../src/index';
import { ControlledStore, CountingStore, User } from './fixtures';

afterEach(cleanup);

/** Lets the stores' promises and React's retries run. */
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)));

class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? (
      <p role="alert">{`${this.state.error.name}: ${this.state.error.message}`}</p>
    ) : (
      this.props.children
    );
  }
}

function Names({
  store,
  minAge,
  renders,
}: {
  store: CountingStore | ControlledStore;
  minAge: number;
  renders: string[];
}) {
  const { data } = useSuspenseQuery(
    store,
    User,
    query(User)
      .filter({ age: { gte: minAge } })
      .valuesList('name', { flat: true }),
  );
  expectTypeOf(data).toEqualTypeOf<string[]>();
  renders.push(data.join(','));
  return <p data-testid="names">{data.join(',')}</p>;
}

function screenWith(
  store: CountingStore | ControlledStore,
  cache: MemoryCache | null,
  minAge: number,
  renders: string[],
) {
  const tree = (
    <Boundary>
      <Suspense fallback={<p>loading</p>}>
        <Names store={store} minAge={minAge} renders={renders} />
      </Suspense>
    </Boundary>
  );
  return cache ? <CacheProvider cache={cache}>{tree}</CacheProvider> : tree;
}

describe('useSuspenseQuery', () => {
  it('a hit in the memory layer does not suspend: one render, no call', async () => {
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    await store.run(
      User,
      query(User)
        .filter({ age: { gte: 18 } })
        .valuesList('name', { flat: true }),
    );
    store.calls = 0;
    const renders: string[] = [];
    render(screenWith(store, cache, 18, renders));
    expect(screen.getByTestId('names').textContent).toBe('Ann,Cleo');
    await flush();
    expect(renders).toEqual(['Ann,Cleo']);
    expect(store.calls).toBe(0);
  });

  it('a miss shows the fallback, calls the backend once for every component asking, then renders the data', async () => {
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    const renders: string[] = [];
    render(
      <StrictMode>
        {screenWith(store, cache, 18, renders)}
        {screenWith(store, cache, 18, renders)}
      </StrictMode>,
    );
    expect(screen.getAllByText('loading')).toHaveLength(2);
    await flush();
    expect(screen.getAllByTestId('names').map((p) => p.textContent)).toEqual(['Ann,Cleo', 'Ann,Cleo']);
    expect(store.calls).toBe(1);
    expect(renders.every((r) => r === 'Ann,Cleo')).toBe(true);
  });

  it('an answer kept for a suspended render is not shown once the cache changed: a later mount fetches again', async () => {
    const cache = new MemoryCache();
    // Its own copy of the users (data: 3): the write below must not change the other tests' data.
    const store = new CountingStore({ cache, data: 3 });
    const renders: string[] = [];
    const first = render(screenWith(store, cache, 18, renders));
    await flush();
    expect(screen.getByTestId('names').textContent).toBe('Ann,Cleo');
    first.unmount();
    // The write invalidates the cached list: a new mount must not be handed the answer its first render suspended on.
    await store.create(User, { name: 'Zed', age: 50 });
    render(screenWith(store, cache, 18, renders));
    await flush();
    expect(screen.getByTestId('names').textContent).toBe('Ann,Cleo,Zed');
    expect(store.calls).toBe(2);
  });

  it('works without any cache: the suspended answer is handed to the render that resumes, with no second call', async () => {
    const store = new CountingStore();
    const renders: string[] = [];
    render(screenWith(store, null, 40, renders));
    await flush();
    expect(screen.getByTestId('names').textContent).toBe('Cleo');
    await flush();
    expect(store.calls).toBe(1);
  });

  it('a store error goes to the error boundary (a refused query at once, not retried)', async () => {
    const store = new ControlledStore({ cache: new MemoryCache() });
    render(screenWith(store, null, 18, []));
    await flush();
    store.calls[0]!.reject(new BadQuery('age is not a field here', { status: 400 }));
    await flush();
    expect(screen.getByRole('alert').textContent).toBe('BadQuery: age is not a field here');
    expect(store.calls).toHaveLength(1);
  });

  it('after the boundary resets, the query is fetched again', async () => {
    const store = new ControlledStore({ cache: new MemoryCache() });
    let reset!: () => void;
    class Resettable extends Boundary {
      override render() {
        reset = () => this.setState({ error: undefined });
        return super.render();
      }
    }
    function Once() {
      const { data } = useSuspenseQuery(store, User, query(User).count());
      return <p data-testid="count">{data}</p>;
    }
    render(
      <Resettable>
        <Suspense fallback={<p>loading</p>}>
          <Once />
        </Suspense>
      </Resettable>,
    );
    await flush();
    store.calls[0]!.reject(new BadQuery('refused', { status: 400 }));
    await flush();
    expect(screen.getByRole('alert').textContent).toBe('BadQuery: refused');
    act(() => reset());
    await flush();
    expect(store.calls).toHaveLength(2);
    store.calls[1]!.resolve(3);
    await flush();
    expect(screen.getByTestId('count').textContent).toBe('3');
  });

  it('a transient error is retried before it reaches the boundary', async () => {
    const store = new ControlledStore({ cache: new MemoryCache() });
    function Once() {
      const { data } = useSuspenseQuery(store, User, query(User).count(), { retry: 1, retryDelay: () => 1 });
      return <p data-testid="count">{data}</p>;
    }
    render(
      <Boundary>
        <Suspense fallback={<p>loading</p>}>
          <Once />
        </Suspense>
      </Boundary>,
    );
    await flush();
    store.calls[0]!.reject(new StoreError('down', { status: 503 }));
    await flush();
    store.calls[1]!.resolve(3);
    await flush();
    expect(screen.getByTestId('count').textContent).toBe('3');
  });

  it('a query changed in a transition keeps the old content until the new data is there; outside one, the fallback shows', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ cache });
    let setAge!: (age: number) => void;
    function Screen() {
      const [age, set] = useState(18);
      setAge = set;
      return (
        <Suspense fallback={<p>loading</p>}>
          <Count age={age} />
        </Suspense>
      );
    }
    function Count({ age }: { age: number }) {
      const { data } = useSuspenseQuery(
        store,
        User,
        query(User)
          .filter({ age: { gte: age } })
          .count(),
      );
      return <p data-testid="count">{`${age}: ${data}`}</p>;
    }
    render(
      <CacheProvider cache={cache}>
        <Screen />
      </CacheProvider>,
    );
    await flush();
    store.calls[0]!.resolve(2);
    await flush();
    expect(screen.getByTestId('count').textContent).toBe('18: 2');
    act(() => startTransition(() => setAge(40)));
    await flush();
    expect(screen.getByTestId('count').textContent).toBe('18: 2');
    expect(screen.queryByText('loading')).toBeNull();
    store.calls[1]!.resolve(1);
    await flush();
    expect(screen.getByTestId('count').textContent).toBe('40: 1');
    act(() => setAge(50));
    expect(screen.getByText('loading')).toBeTruthy();
    await flush();
    store.calls[2]!.resolve(0);
    await flush();
    expect(screen.getByTestId('count').textContent).toBe('50: 0');
    expect(store.calls).toHaveLength(3);
  });
});
