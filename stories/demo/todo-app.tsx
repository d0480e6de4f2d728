import { type FormEvent, useEffect, useState } from 'react';
import { BadQuery, CacheProvider, MemoryCache, query, RestStore, useMutation, useQuery } from 'react-lifter';
import { Todo } from './backend';
import { type ApiSettings, fakeApi } from './fake-api';
import { TodoRow, WriteError } from './todo-row';
import { buttonRow, Calls, Panel, Requests, useRenderCount } from './ui';

// The todo list of the Writes story: an add box and the list, with optimistic writes through useMutation, on
// the in-page API, with its requests listed under it.

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

export function TodoDemo({ latency, failing }: ApiSettings) {
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
