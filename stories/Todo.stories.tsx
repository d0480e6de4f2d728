import type { Meta, StoryObj } from '@storybook/react-vite';
import { type FormEvent, useEffect, useState } from 'react';
import { BadQuery, CacheProvider, MemoryCache, query, RestStore, useMutation, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { Todo } from './demo/backend';
import { type ApiSettings, fakeApi } from './demo/fake-api';
import { recordStates } from './demo/play';
import { TodoRow, WriteError } from './demo/todo-row';
import { buttonRow, Calls, Panel, Requests, useRenderCount } from './demo/ui';

/** The list every component shows, and every optimistic change edits. */
const list = query(Todo).orderBy('id');

/** Todos not saved yet get negative ids: the server's are positive, so the two never clash. */
let drafts = 0;

function AddTodo({ store }: { store: RestStore }) {
  const [title, setTitle] = useState('');
  const add = useMutation(store, Todo, (todos, title: string) => todos.create({ title, done: false }), {
    // A blank title will be refused: there is nothing to show meanwhile.
    optimistic: (title, cache) => {
      if (title.trim() !== '')
        cache.update(list, (current) => current && [...current, { id: --drafts, title, done: false }]);
    },
    // Back in the box, to be sent again.
    onError: (_error, title) => setTitle((typed) => (typed === '' ? title : typed)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(title);
    setTitle('');
  };
  // A 400's errors by field (Django REST framework's `{ "title": ["This field may not be blank."] }`).
  const fieldError = add.error instanceof BadQuery ? add.error.fields?.title : undefined;
  return (
    <form onSubmit={submit}>
      <div style={{ ...buttonRow, alignItems: 'baseline' }}>
        <input
          aria-label="New todo"
          placeholder="What needs doing?"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={fieldError !== undefined}
          aria-describedby={fieldError === undefined ? undefined : 'title-error'}
        />
        <button type="submit">Add</button>
        {fieldError === undefined ? null : (
          <span id="title-error" role="alert" style={{ color: '#b00' }}>
            {Array.isArray(fieldError) ? fieldError.join(' ') : String(fieldError)}
          </span>
        )}
      </div>
      {add.error && fieldError === undefined ? <WriteError error={add.error} /> : null}
    </form>
  );
}

function TodoList({ store }: { store: RestStore }) {
  // retry: false: a failing API shows its error at once (see the Retry story for retries).
  const todos = useQuery(store, Todo, list, { retry: false });
  const renders = useRenderCount(todos.status === 'pending');
  const edit = (current: Todo[] | undefined, id: number, patch: Partial<Todo>) =>
    current?.map((todo) => (todo.id === id ? { ...todo, ...patch } : todo));
  const rename = useMutation(store, Todo, (todos, { id, title }: Todo) => todos.update(id, { title }), {
    optimistic: ({ id, title }, cache) => cache.update(list, (current) => edit(current, id, { title })),
  });
  const toggle = useMutation(store, Todo, (todos, { id, done }: Todo) => todos.update(id, { done }), {
    optimistic: ({ id, done }, cache) => cache.update(list, (current) => edit(current, id, { done })),
  });
  const remove = useMutation(store, Todo, (todos, id: number) => todos.delete(id), {
    optimistic: (id, cache) => cache.update(list, (current) => current?.filter((todo) => todo.id !== id)),
  });
  // Each hook shows its latest write: the one used last says how the last write went.
  const [last, setLast] = useState<'rename' | 'toggle' | 'delete'>();
  const shown = last && { rename, toggle, delete: remove }[last];
  const saving = (id: number) =>
    id < 0 ||
    [rename, toggle].some((write) => write.status === 'pending' && write.variables?.id === id) ||
    (remove.status === 'pending' && remove.variables === id);
  if (todos.status === 'pending') return <p data-testid="todos">Loading…</p>;
  if (todos.status === 'error') {
    return (
      <p data-testid="todos" role="alert">
        Error: {todos.error.message}
      </p>
    );
  }
  return (
    <>
      <ul data-testid="todos" style={{ listStyle: 'none', padding: 0, margin: '6px 0' }}>
        {todos.data.map((todo) => (
          <TodoRow
            key={todo.id}
            todo={todo}
            saving={saving(todo.id)}
            onRename={(title) => {
              setLast('rename');
              rename.mutate({ ...todo, title });
            }}
            onToggle={() => {
              setLast('toggle');
              toggle.mutate({ ...todo, done: !todo.done });
            }}
            onDelete={() => {
              setLast('delete');
              remove.mutate(todo.id);
            }}
          />
        ))}
      </ul>
      {shown?.error ? <WriteError error={shown.error} /> : null}
      <p data-testid="renders" style={{ color: '#889', fontSize: 12 }}>
        List renders: {renders.total} {todos.isFetching ? '· fetching…' : ''}
      </p>
    </>
  );
}

function TodoDemo({ latency, failing }: ApiSettings) {
  // A new API (with its own todos), store and cache for each story.
  const [api] = useState(() => fakeApi({ latency, failing }));
  const [down, setDown] = useState(failing);
  useEffect(() => api.configure({ latency, failing: down }), [api, latency, down]);
  const [store] = useState(
    () => new RestStore({ identifier: 'todo_api', baseUrl: `${location.origin}/api`, fetch: api.fetch }),
  );
  const [cache] = useState(() => new MemoryCache({ defaultTimeout: 300 }));
  return (
    <CacheProvider cache={cache}>
      <Panel title="useMutation(store, Todo, write, { optimistic }) on /api/demo/todos">
        <label>
          <input type="checkbox" checked={down} onChange={(event) => setDown(event.target.checked)} /> API failing (HTTP
          503)
        </label>
        <AddTodo store={store} />
        <TodoList store={store} />
        <Calls counter={api.calls} />
        <Requests log={api.requests} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * Writes through a `RestStore` with `useMutation`: add (`POST /api/demo/todos`), rename and toggle
 * (`PATCH /api/demo/todos/{id}`) and delete (`DELETE /api/demo/todos/{id}`). Each write changes the
 * cached list at once (`optimistic: (variables, cache) => cache.update(list, (current) => next)`),
 * then the server's answer invalidates the model and the list is fetched again, once. Tick "API
 * failing" and the write fails with HTTP 503: the change shows, then is rolled back, and the error
 * is shown. An empty title is refused with HTTP 400 and the server's error for the field shows
 * beside the box (`BadQuery`'s `fields`). Double-click a title, or Rename, to edit it.
 */
const meta = {
  title: 'Guide/Writes: todo list',
  component: TodoDemo,
  args: { latency: 400, failing: false },
  argTypes: {
    latency: {
      control: { type: 'range', min: 0, max: 3000, step: 100 },
      description: 'Milliseconds the API takes to answer',
    },
    failing: { control: 'boolean', description: 'The API answers HTTP 503 (re-mounts the story)' },
  },
  // A new API, store and cache when the API starts failing or stops.
  render: (args) => <TodoDemo key={String(args.failing)} {...args} />,
} satisfies Meta<typeof TodoDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

/** The page's todos and requests, as text: `#4 Buy milk`, `POST /api/demo/todos {"title":…} → 201`. */
function readPage(canvas: HTMLElement) {
  const page = within(canvas);
  const list = page.getByTestId('todos');
  const todos =
    list.tagName === 'UL'
      ? [...list.querySelectorAll('[data-testid="todo"]')].map((todo) => todo.textContent)
      : [list.textContent];
  const requests = [...page.getByTestId('requests').querySelectorAll('li')].map((request) => request.textContent);
  return { todos, requests };
}

const initial = ['#1 Read the README ✓', '#2 Try the stories', '#3 Write a todo app'];
const listed = 'GET /api/demo/todos → 200';
// Generous: a slow, shared machine.
const long = { timeout: 10_000 };

/** Waits for the list to load, and checks that it took one request. */
async function loaded(canvas: HTMLElement) {
  await waitFor(() => expect(readPage(canvas).todos).toEqual(initial), long);
  await expect(readPage(canvas).requests).toEqual([listed]);
}

export const Add: Story = {
  name: 'Add: at once, then the server’s version',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const renders = () => Number(/List renders: (\d+)/.exec(page.getByTestId('renders').textContent ?? '')?.[1]);
    const before = renders();
    const post = 'POST /api/demo/todos {"title":"Buy milk","done":false}';

    await step('the new todo shows at once, before the POST is answered', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.type(page.getByRole('textbox', { name: 'New todo' }), 'Buy milk');
      await userEvent.click(page.getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(readPage(canvasElement).todos).toEqual([...initial, '#4 Buy milk']), long);
      shown.stop();
      await expect(page.getByRole('textbox', { name: 'New todo' })).toHaveValue('');
      const optimistic = shown.states.filter(({ todos }) => todos.includes('new Buy milk'));
      await expect(optimistic.some(({ requests }) => requests.at(-1) === `${post} → …`)).toBe(true);
      // The list never blanked, and the new todo never vanished once shown.
      const after = shown.states.slice(shown.states.indexOf(optimistic[0]!));
      await expect(after.filter(({ todos }) => todos.length !== 4)).toEqual([]);
    });

    await step('then one POST and one list refetch, whose answer replaced the optimistic row', async () => {
      await waitFor(() => expect(page.getByTestId('renders')).not.toHaveTextContent('fetching'), long);
      await expect(readPage(canvasElement).requests).toEqual([listed, `${post} → 201`, listed]);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 3');
      await expect(page.queryByRole('alert')).toBeNull();
      // Three renders of the list: the optimistic change, the refetch starting (data kept), its answer.
      await expect(renders() - before).toBe(3);
    });
  },
};

export const RenameToggleDelete: Story = {
  name: 'Rename, toggle, delete: one request each',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const settled = (requests: string[]) =>
      waitFor(() => expect(readPage(canvasElement).requests).toEqual(requests), long);

    await step('rename: the new title at once, one PATCH of the title', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.click(page.getByRole('button', { name: 'Rename Try the stories' }));
      const box = page.getByRole('textbox', { name: 'New title for Try the stories' });
      await userEvent.clear(box);
      await userEvent.type(box, 'Try every story');
      await userEvent.click(page.getByRole('button', { name: 'Save' }));
      const patch = 'PATCH /api/demo/todos/2 {"title":"Try every story"}';
      await settled([listed, `${patch} → 200`, listed]);
      shown.stop();
      const renamed = ['#1 Read the README ✓', '#2 Try every story', '#3 Write a todo app'];
      await expect(
        shown.states.some(({ todos, requests }) => `${todos}` === `${renamed}` && requests.at(-1) === `${patch} → …`),
      ).toBe(true);
      await expect(readPage(canvasElement).todos).toEqual(renamed);
    });

    await step('toggle: ticked at once, one PATCH of done', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.click(page.getByRole('checkbox', { name: 'Done: Try every story' }));
      const patch = 'PATCH /api/demo/todos/2 {"done":true}';
      await settled([
        listed,
        'PATCH /api/demo/todos/2 {"title":"Try every story"} → 200',
        listed,
        `${patch} → 200`,
        listed,
      ]);
      shown.stop();
      await expect(
        shown.states.some(
          ({ todos, requests }) => todos[1] === '#2 Try every story ✓' && requests.at(-1) === `${patch} → …`,
        ),
      ).toBe(true);
      await expect(page.getByRole('checkbox', { name: 'Done: Try every story' })).toBeChecked();
    });

    await step('delete: the row goes at once, one DELETE', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.click(page.getByRole('button', { name: 'Delete Write a todo app' }));
      const remove = 'DELETE /api/demo/todos/3';
      await waitFor(
        () => expect(readPage(canvasElement).requests.slice(-2)).toEqual([`${remove} → 204`, listed]),
        long,
      );
      shown.stop();
      const left = ['#1 Read the README ✓', '#2 Try every story ✓'];
      await expect(
        shown.states.some(({ todos, requests }) => `${todos}` === `${left}` && requests.at(-1) === `${remove} → …`),
      ).toBe(true);
      await expect(readPage(canvasElement).todos).toEqual(left);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 7');
      await expect(page.queryByRole('alert')).toBeNull();
    });
  },
};

export const Failing: Story = {
  name: 'API failing: shown, rolled back, error',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const post = 'POST /api/demo/todos {"title":"Buy milk","done":false}';

    await step('a 503: the todo shows, then is rolled back, and the error shows', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: /API failing/ }));
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.type(page.getByRole('textbox', { name: 'New todo' }), 'Buy milk');
      await userEvent.click(page.getByRole('button', { name: 'Add' }));
      await expect(await page.findByRole('alert', {}, long)).toHaveTextContent(/StoreError: .*HTTP 503/);
      shown.stop();
      await expect(
        shown.states.some(({ todos, requests }) => todos.includes('new Buy milk') && requests.at(-1) === `${post} → …`),
      ).toBe(true);
      await expect(readPage(canvasElement).todos).toEqual(initial);
      // Rolled back to the list it changed: nothing to fetch again.
      await expect(readPage(canvasElement).requests).toEqual([listed, `${post} → 503`]);
      await expect(page.getByRole('textbox', { name: 'New todo' })).toHaveValue('Buy milk');
    });

    await step('the API is back: the same add goes through, and only then is the list fetched again', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: /API failing/ }));
      await userEvent.click(page.getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(readPage(canvasElement).todos).toEqual([...initial, '#4 Buy milk']), long);
      await waitFor(
        () => expect(readPage(canvasElement).requests).toEqual([listed, `${post} → 503`, `${post} → 201`, listed]),
        long,
      );
      await expect(page.queryByRole('alert')).toBeNull();
    });
  },
};

export const EmptyTitle: Story = {
  name: 'Empty title: the field’s error from the server',
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const shown = recordStates(canvasElement, () => readPage(canvasElement));
    await userEvent.click(page.getByRole('button', { name: 'Add' }));
    const error = await page.findByRole('alert', {}, long);
    shown.stop();
    await expect(error).toHaveTextContent('This field may not be blank.');
    await expect(page.getByRole('textbox', { name: 'New todo' })).toHaveAccessibleDescription(
      'This field may not be blank.',
    );
    await expect(readPage(canvasElement).requests).toEqual([
      listed,
      'POST /api/demo/todos {"title":"","done":false} → 400',
    ]);
    // Nothing was shown meanwhile, and nothing was fetched again.
    await expect(shown.states.filter(({ todos }) => `${todos}` !== `${initial}`)).toEqual([]);
    await expect(readPage(canvasElement).todos).toEqual(initial);
  },
};
