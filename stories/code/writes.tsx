import { type FormEvent, useState } from 'react';
import { CacheProvider, defineModel, MemoryCache, query, RestStore, useMutation, useQuery } from 'react-lifter';

interface Todo {
  id: number;
  title: string;
  done: boolean;
}
const Todo = defineModel<Todo>({ app: 'demo', name: 'todo' });
// GET and POST /api/demo/todos, PATCH and DELETE /api/demo/todos/{id}.
const store = new RestStore({ identifier: 'todo_api', baseUrl: '/api' });
const cache = new MemoryCache({ defaultTimeout: 300 });
const list = query(Todo).orderBy('id');

function AddTodo() {
  const [title, setTitle] = useState('');
  const add = useMutation(store, Todo, (todos, title: string) => todos.create({ title, done: false }), {
    // The new todo shows at once, with a temporary id. If the POST fails, it is rolled back; if it succeeds,
    // the write invalidates the cached list and the server's list replaces it.
    optimistic: (title, cache) => cache.update(list, (todos) => todos && [...todos, { id: -1, title, done: false }]),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(title);
    setTitle('');
  };
  return (
    <form onSubmit={submit}>
      <input aria-label="New todo" value={title} onChange={(event) => setTitle(event.target.value)} />
      <button type="submit">Add</button>
      {add.error && <p role="alert">{add.error.message}</p>}
    </form>
  );
}

function TodoList() {
  const todos = useQuery(store, Todo, list);
  const toggle = useMutation(store, Todo, (todos, todo: Todo) => todos.update(todo.id, { done: !todo.done }), {
    optimistic: (todo, cache) =>
      cache.update(list, (todos) => todos?.map((each) => (each.id === todo.id ? { ...each, done: !each.done } : each))),
  });
  const remove = useMutation(store, Todo, (todos, id: number) => todos.delete(id), {
    optimistic: (id, cache) => cache.update(list, (todos) => todos?.filter((each) => each.id !== id)),
  });
  if (todos.status === 'pending') return <p>Loading…</p>;
  if (todos.status === 'error') return <p role="alert">{todos.error.message}</p>;
  return (
    <ul>
      {todos.data.map((todo) => (
        <li key={todo.id}>
          <label>
            <input type="checkbox" checked={todo.done} onChange={() => toggle.mutate(todo)} /> {todo.title}
          </label>
          <button type="button" onClick={() => remove.mutate(todo.id)}>
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <AddTodo />
      <TodoList />
    </CacheProvider>
  );
}

// → [Add] | Loading…
// → [Add] | ☑ Read the README [Delete] | ☐ Try the stories [Delete] | ☐ Write a todo app [Delete]
// The row goes at once; the DELETE is sent, then the list is fetched again.
// click Delete → [Add] | ☐ Try the stories [Delete] | ☐ Write a todo app [Delete]
