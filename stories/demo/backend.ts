import { useSyncExternalStore } from 'react';
import {
  type Action,
  defineModel,
  type ExecuteOptions,
  MemoryStore,
  type MemoryStoreOptions,
  type Model,
  type Query,
} from 'react-lifter';

export interface Person {
  id: number;
  name: string;
  team: string;
  age: number;
}

/** The demo's one model: `demo:person`. */
export const Person = defineModel<Person>({ app: 'demo', name: 'person', plural: 'people' });

export const people: Person[] = [
  { id: 1, name: 'Ann', team: 'core', age: 31 },
  { id: 2, name: 'Bob', team: 'web', age: 17 },
  { id: 3, name: 'Cleo', team: 'core', age: 45 },
  { id: 4, name: 'Dan', team: 'web', age: 28 },
  { id: 5, name: 'Eve', team: 'ops', age: 39 },
];

export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** The todo list's model: `demo:todo`, at `/api/demo/todos` on the in-page API. */
export const Todo = defineModel<Todo>({ app: 'demo', name: 'todo' });

export const todos: Todo[] = [
  { id: 1, title: 'Read the README', done: true },
  { id: 2, title: 'Try the stories', done: false },
  { id: 3, title: 'Write a todo app', done: false },
];

/** A value that changes, and tells the page when it does (read it with {@link useWatched}). */
export class Watched<T> {
  #value: T;
  #listeners = new Set<() => void>();
  constructor(value: T) {
    this.#value = value;
  }
  get = (): T => this.#value;
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  protected set(value: T): void {
    this.#value = value;
    for (const listener of [...this.#listeners]) listener();
  }
}

/** The current value, kept up to date. */
export function useWatched<T>(watched: Watched<T>): T {
  return useSyncExternalStore(watched.subscribe, watched.get, watched.get);
}

/** Counts backend calls, and tells the page when the count changes. */
export class CallCounter extends Watched<number> {
  constructor() {
    super(0);
  }
  add(): void {
    this.set(this.get() + 1);
  }
}

/** A MemoryStore whose backend counts its calls, so stories can show what the cache saved. */
export class DemoStore extends MemoryStore {
  readonly calls = new CallCounter();
  constructor(options: Partial<MemoryStoreOptions> = {}) {
    super({ identifier: 'demo_store', data: { demo: { person: people } }, ...options });
  }
  protected override execute(model: Model<unknown>, query: Query<unknown, unknown, Action>, options: ExecuteOptions) {
    this.calls.add();
    return super.execute(model, query, options);
  }
}
