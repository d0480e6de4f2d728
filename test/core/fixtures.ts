import {
  type Action,
  type Cache,
  defineModel,
  type ExecuteOptions,
  MemoryStore,
  type Model,
  type Query,
} from '../../src/core/index';

/** Rows of any shape, for tests of the query builder and the key. */
export type Row = Record<string, unknown>;
export const Thing = defineModel<Row>({ app: 'my_app', name: 'thing' });

export interface User {
  id: number;
  name: string;
  age: number;
}

export const User = defineModel<User>({ app: 'my_app', name: 'user' });

export const users: User[] = [
  { id: 1, name: 'Ann', age: 31 },
  { id: 2, name: 'Bob', age: 17 },
  { id: 3, name: 'Cleo', age: 45 },
];

/** A MemoryStore over {@link users} whose backend counts its calls. */
export class CountingStore extends MemoryStore {
  calls = 0;
  /** `data: n` serves the first `n` users (defaults to all), e.g. to stand for changed backend data. */
  constructor({ data, ...options }: { identifier?: string; cache?: Cache | null; data?: number } = {}) {
    super({
      identifier: 'my_store',
      ...options,
      data: { my_app: { user: data === undefined ? users : [...users, ...users].slice(0, data) } },
    });
  }
  protected override execute(model: Model<unknown>, q: Query<unknown, unknown, Action>, options: ExecuteOptions) {
    this.calls++;
    return super.execute(model, q, options);
  }
}

/** People with names and emails of mixed case, for the string lookups. */
export interface Person {
  id: number;
  name: string;
  email: string | null;
}
export const Person = defineModel<Person>({ app: 'my_app', name: 'person' });

/** Posts whose tags are arrays of records (arrays of arrays too), for paths through arrays. */
export interface Tag {
  name?: string | null;
  score?: number;
  names?: string[];
  subtags?: { name: string }[];
}
export interface Post {
  id: number;
  tags?: Tag[] | Tag[][];
}
export const Post = defineModel<Post>({ app: 'my_app', name: 'post' });

/** A todo, for the tests of writes: its primary key is the default, `id`. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}
export const Todo = defineModel<Todo>({ app: 'demo', name: 'todo' });
/** Another model of the same app, whose cached queries a write of todos must leave alone. */
export const Note = defineModel<{ id: number; text: string }>({ app: 'demo', name: 'note' });
