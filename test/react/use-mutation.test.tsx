// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type Action,
  CacheProvider,
  type ExecuteOptions,
  MemoryCache,
  MemoryStore,
  type Model,
  type Query,
  query,
  StoreError,
  type UseMutationResult,
  useMutation,
  useQuery,
  type Write,
} from '../../src/index';
import { Note, Todo } from '../core/fixtures';

afterEach(cleanup);

/** A MemoryStore counting its reads per model, whose writes wait until the test lets them through (or fail). */
class TodoStore extends MemoryStore {
  reads: Record<string, number> = { todo: 0, note: 0 };
  gate: { open: () => void; fail: (error: Error) => void }[] = [];
  constructor(identifier = 'mem') {
    const todos: Todo[] = [{ id: 1, title: 'Write tests', done: false }];
    super({ identifier, cache: new MemoryCache(), data: { demo: { todo: todos, note: [{ id: 1, text: 'hi' }] } } });
  }
  protected override execute(model: Model<unknown>, q: Query<unknown, unknown, Action>, options: ExecuteOptions) {
    this.reads[model.name] = (this.reads[model.name] ?? 0) + 1;
    return super.execute(model, q, options);
  }
  protected override async write(model: Model<unknown>, write: Write, options: ExecuteOptions) {
    await new Promise<void>((open, fail) => this.gate.push({ open, fail }));
    return super.write(model, write, options);
  }
}

const titles = query(Todo).orderBy('id').valuesList('title', { flat: true });

function Titles({ store, renders }: { store: TodoStore; renders?: string[] }) {
  const { data } = useQuery(store, Todo, titles);
  renders?.push(data ? data.join(',') : 'loading');
  return <p data-testid={`titles-${store.identifier}`}>{data ? data.join(',') : 'loading'}</p>;
}

function Notes({ store }: { store: TodoStore }) {
  const { data } = useQuery(store, Note, query(Note).count());
  return <p>{data ?? '…'} notes</p>;
}

let add!: UseMutationResult<string, Todo>;
interface AddProps {
  store: TodoStore;
  optimistic?: boolean;
  onSuccess?: (data: Todo, title: string) => void;
  onError?: (error: Error, title: string) => void;
  onSettled?: (data: Todo | undefined, error: Error | undefined, title: string) => void;
}
function Add({ store, optimistic = false, ...rest }: AddProps) {
  add = useMutation(store, Todo, (todos, title: string) => todos.create({ title, done: false }), {
    ...rest,
    optimistic: optimistic
      ? (title, cache) => cache.update(titles, (current) => (current ? [...current, title] : current))
      : undefined,
  });
  return <p data-testid="status">{add.status}</p>;
}

/** Lets the stores' promises and React run. */
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 5)));

async function mounted(store = new TodoStore(), props: Partial<AddProps> = {}, renders?: string[]) {
  const other = new TodoStore('other');
  const cache = new MemoryCache();
  render(
    <CacheProvider cache={cache}>
      <Titles store={store} renders={renders} />
      <Titles store={other} />
      <Notes store={store} />
      <Add store={store} {...props} />
    </CacheProvider>,
  );
  await waitFor(() => expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests'));
  await flush();
  return { store, other, cache };
}

describe('useMutation', () => {
  it('a write invalidates the model: the mounted list refetches once; other models and stores do not', async () => {
    const onSuccess = vi.fn();
    const onSettled = vi.fn();
    const { store, other } = await mounted(undefined, { onSuccess, onSettled });
    expect(store.reads).toEqual({ todo: 1, note: 1 });
    expect(add.status).toBe('idle');
    act(() => add.mutate('Ship'));
    expect(screen.getByTestId('status').textContent).toBe('pending');
    act(() => store.gate[0]!.open());
    await waitFor(() => expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests,Ship'));
    await flush();
    expect(store.reads).toEqual({ todo: 2, note: 1 });
    expect(other.reads.todo).toBe(1);
    expect(add).toMatchObject({ status: 'success', data: { id: 2, title: 'Ship', done: false }, variables: 'Ship' });
    expect(onSuccess).toHaveBeenCalledWith({ id: 2, title: 'Ship', done: false }, 'Ship');
    expect(onSettled).toHaveBeenCalledWith({ id: 2, title: 'Ship', done: false }, undefined, 'Ship');
  });

  it('exactly one refetch per mounted key of the model: hooks sharing a key share it', async () => {
    const store = new TodoStore();
    const other = new TodoStore('other');
    function Count() {
      const { data } = useQuery(store, Todo, query(Todo).filter({ done: false }).count());
      return <p>{data ?? '…'} open</p>;
    }
    render(
      <CacheProvider cache={new MemoryCache()}>
        <Titles store={store} />
        <Titles store={store} />
        <Count />
        <Titles store={other} />
        <Notes store={store} />
        <Add store={store} />
      </CacheProvider>,
    );
    await waitFor(() => expect(store.reads).toEqual({ todo: 2, note: 1 }));
    await flush();
    act(() => add.mutate('Ship'));
    act(() => store.gate[0]!.open());
    await waitFor(() => expect(screen.getByText('2 open')).toBeTruthy());
    await flush();
    expect(store.reads).toEqual({ todo: 4, note: 1 });
    expect(other.reads).toEqual({ todo: 1, note: 0 });
  });

  it('optimistic: the change is in the first render after mutate, then replaced by the server data', async () => {
    const renders: string[] = [];
    const { store } = await mounted(undefined, { optimistic: true }, renders);
    renders.length = 0;
    act(() => add.mutate('Ship'));
    // One render pass: the list shows the change and the hook is pending.
    expect(renders).toEqual(['Write tests,Ship']);
    expect(screen.getByTestId('status').textContent).toBe('pending');
    expect(store.reads.todo).toBe(1);
    act(() => store.gate[0]!.open());
    await flush();
    await flush();
    // The server's data replaced it: one refetch.
    expect(store.reads.todo).toBe(2);
    expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests,Ship');
  });

  it('optimistic: a failed write rolls the change back and shows the error', async () => {
    const onError = vi.fn();
    const { store } = await mounted(undefined, { optimistic: true, onError });
    act(() => add.mutate('Ship'));
    expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests,Ship');
    const error = new StoreError('down', { status: 503 });
    act(() => store.gate[0]!.fail(error));
    await flush();
    expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests');
    expect(add).toMatchObject({ status: 'error', error, variables: 'Ship' });
    expect(onError).toHaveBeenCalledWith(error, 'Ship');
    // Rolled back to the entry it replaced: no refetch.
    expect(store.reads.todo).toBe(1);
  });

  it('two writes at once both land; the hook shows the latest', async () => {
    const { store } = await mounted(undefined, { optimistic: true });
    act(() => add.mutate('Ship'));
    act(() => add.mutate('Celebrate'));
    expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests,Ship,Celebrate');
    act(() => store.gate[1]!.open());
    await flush();
    act(() => store.gate[0]!.open());
    await flush();
    await flush();
    expect(screen.getByTestId('titles-mem').textContent).toBe('Write tests,Celebrate,Ship');
    expect(add).toMatchObject({ status: 'success', variables: 'Celebrate' });
  });

  it('mutateAsync resolves or rejects; mutate never throws; reset goes back to idle', async () => {
    const { store } = await mounted();
    let result: Promise<Todo> | undefined;
    act(() => {
      result = add.mutateAsync('Ship');
    });
    act(() => store.gate[0]!.open());
    await expect(result).resolves.toMatchObject({ title: 'Ship' });
    act(() => {
      result = add.mutateAsync('Fail');
    });
    act(() => store.gate[1]!.fail(new StoreError('down')));
    await expect(result).rejects.toThrow('down');
    await flush();
    act(() => add.reset());
    expect(add).toMatchObject({ status: 'idle', data: undefined, error: undefined, variables: undefined });
  });

  it('a component unmounted during the write is not updated, and nothing is warned', async () => {
    const errors = vi.spyOn(console, 'error');
    const onSuccess = vi.fn();
    const store = new TodoStore();
    const { unmount } = render(<Add store={store} onSuccess={onSuccess} />);
    act(() => add.mutate('Ship'));
    unmount();
    store.gate[0]!.open();
    await flush();
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a write made without the manager is invalidated too (unless invalidate: false)', async () => {
    const store = new TodoStore();
    let raw!: UseMutationResult<void, void>;
    let quiet!: UseMutationResult<void, void>;
    function Raw() {
      raw = useMutation(store, Todo, async () => {});
      quiet = useMutation(store, Todo, async () => {}, { invalidate: false });
      return null;
    }
    render(
      <CacheProvider cache={new MemoryCache()}>
        <Titles store={store} />
        <Raw />
      </CacheProvider>,
    );
    await waitFor(() => expect(store.reads.todo).toBe(1));
    await act(() => quiet.mutateAsync());
    await flush();
    expect(store.reads.todo).toBe(1);
    await act(() => raw.mutateAsync());
    await flush();
    expect(store.reads.todo).toBe(2);
  });

  it('is typed from the model and the mutation', () => {
    expectTypeOf(add.data).toEqualTypeOf<Todo | undefined>();
    expectTypeOf(add.mutate).parameter(0).toEqualTypeOf<string>();
  });
});
