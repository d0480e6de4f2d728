// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Action,
  CacheProvider,
  defineModel,
  type ExecuteOptions,
  MemoryCache,
  MemoryStore,
  type Model,
  type Query,
  query,
  useQuery,
} from '../../src/index';

afterEach(cleanup);

interface Person {
  id: number;
  name: string;
}
const Person = defineModel<Person>({ app: 'crm', name: 'person' });
const typed = 'annabelle-marguerite-delacroix';
// Every prefix of what is typed matches a different number of people.
const people: Person[] = Array.from({ length: typed.length }, (_, i) => ({ id: i, name: typed.slice(0, i + 1) }));
const expected = (text: string) => people.filter((p) => p.name.startsWith(text)).map((p) => p.name);

/** A backend over `people` answering after 15 ms, counting its calls. */
class SlowPeople extends MemoryStore {
  calls = 0;
  constructor() {
    super({ identifier: 'crm', cache: new MemoryCache(), data: { crm: { person: people } }, latency: 15 });
  }
  protected override execute(model: Model<unknown>, q: Query<unknown, unknown, Action>, options: ExecuteOptions) {
    this.calls++;
    return super.execute(model, q, options);
  }
}

interface Seen {
  text: string;
  status: string;
  data: string[] | undefined;
  isPreviousData: boolean;
}

function Search({ store, text, seen }: { store: SlowPeople; text: string; seen: Seen[] }) {
  const { status, data, isPreviousData } = useQuery(
    store,
    Person,
    query(Person)
      .filter({ name: { istartswith: text } })
      .valuesList('name', { flat: true }),
    { keepPreviousData: true },
  );
  seen.push({ text, status, data, isPreviousData });
  return <p>{status === 'success' ? data.join(',') : status}</p>;
}

const wait = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

describe('a search box with keepPreviousData', () => {
  it('typing 30 characters then deleting them: one call per prefix, none while deleting, never blank, never a late result', async () => {
    const store = new SlowPeople();
    const seen: Seen[] = [];
    const page = render(
      <CacheProvider cache={store.cache}>
        <Search store={store} text="" seen={seen} />
      </CacheProvider>,
    );
    await wait(30);
    // Typed faster than the backend answers: each request is overtaken by the next keystroke.
    for (let i = 1; i <= typed.length; i++) {
      page.rerender(
        <CacheProvider cache={store.cache}>
          <Search store={store} text={typed.slice(0, i)} seen={seen} />
        </CacheProvider>,
      );
      await wait(5);
    }
    await wait(40);
    expect(store.calls).toBe(typed.length + 1);
    for (let i = typed.length - 1; i >= 0; i--) {
      page.rerender(
        <CacheProvider cache={store.cache}>
          <Search store={store} text={typed.slice(0, i)} seen={seen} />
        </CacheProvider>,
      );
      // Served from the cache in the same render: no wait, no call.
      expect(seen.at(-1)).toMatchObject({
        status: 'success',
        isPreviousData: false,
        data: expected(typed.slice(0, i)),
      });
    }
    await wait(20);
    expect(store.calls).toBe(typed.length + 1);

    const firstData = seen.findIndex((s) => s.status === 'success');
    expect(seen.slice(firstData).filter((s) => s.status !== 'success')).toEqual([]);
    for (const s of seen) {
      // Its own data is always the right data; another query's shows only as previous data.
      if (s.status === 'success' && !s.isPreviousData) expect(s.data).toEqual(expected(s.text));
    }
    expect(seen.some((s) => s.isPreviousData)).toBe(true);
  });

  it('without it, a new query shows its loading state (and its own request is not blocked by the previous one)', async () => {
    const store = new SlowPeople();
    function Plain({ text, out }: { text: string; out: string[] }) {
      const { status } = useQuery(store, Person, query(Person).filter({ name: { istartswith: text } }));
      out.push(status);
      return null;
    }
    const out: string[] = [];
    const page = render(<Plain text="a" out={out} />);
    await wait(30);
    page.rerender(<Plain text="an" out={out} />);
    expect(out.at(-1)).toBe('pending');
    await wait(30);
    expect(out.at(-1)).toBe('success');
  });
});
