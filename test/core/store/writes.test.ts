import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BadQuery,
  ConfigurationError,
  defineModel,
  DoesNotExist,
  InvalidQuery,
  MemoryCache,
  MemoryStore,
  query,
  UnsupportedQuery,
} from '../../../src/core/index';
import { ControlledStore, count, setup } from '../controlled-store';
import { Note, Todo, User } from '../fixtures';

function todoStore(cache = new MemoryCache()) {
  const rows: Todo[] = [
    { id: 1, title: 'Write tests', done: false },
    { id: 2, title: 'Ship', done: false },
  ];
  const notes = [{ id: 1, text: 'hi' }];
  const store = new MemoryStore({ identifier: 'mem', cache, data: { demo: { todo: rows, note: notes } } });
  return { store, rows, cache, todos: store.query(Todo) };
}

describe('writes on a MemoryStore', () => {
  it('create gives the next id, update replaces the row, delete removes it; each resolves to a copy', async () => {
    const { rows, todos } = todoStore();
    const created = await todos.create({ title: 'Celebrate', done: false });
    expect(created).toEqual({ id: 3, title: 'Celebrate', done: false });
    expect(rows).toHaveLength(3);
    created.title = 'changed by the caller';
    expect(rows[2]!.title).toBe('Celebrate');
    const held = rows[0];
    const updated = await todos.update(1, { done: true });
    expect(updated).toEqual({ id: 1, title: 'Write tests', done: true });
    // The old row object is untouched: a cached result holding it does not change under its readers.
    expect(held).toEqual({ id: 1, title: 'Write tests', done: false });
    expect(await todos.delete(2)).toBeUndefined();
    expect(rows.map((row) => row.id)).toEqual([1, 3]);
  });

  it('an unknown id is DoesNotExist; a taken id or a changed primary key is BadQuery; nothing is written', async () => {
    const { rows, todos } = todoStore();
    await expect(todos.update(9, { done: true })).rejects.toThrow(DoesNotExist);
    await expect(todos.delete(9)).rejects.toThrow(/no record whose "id" is 9/);
    await expect(todos.create({ id: 1, title: 'again', done: false })).rejects.toThrow(BadQuery);
    await expect(todos.update(1, { id: 5 })).rejects.toThrow(/cannot change a record's "id"/);
    expect(rows).toHaveLength(2);
  });

  it('a custom primary key', async () => {
    const Book = defineModel<{ isbn: string; title: string }, 'isbn'>({ app: 'lib', name: 'book', primaryKey: 'isbn' });
    const books = [{ isbn: '978-0', title: 'Dune' }];
    const store = new MemoryStore({ identifier: 'lib', data: { lib: { book: books } } });
    expect(await store.query(Book).update('978-0', { title: 'Dune Messiah' })).toEqual({
      isbn: '978-0',
      title: 'Dune Messiah',
    });
    expectTypeOf(store.query(Book).delete).parameter(0).toEqualTypeOf<string>();
    expect(() => defineModel({ app: 'a', name: 'b', primaryKey: '' })).toThrow(ConfigurationError);
  });

  it('is typed from the model: create takes the fields (id optional), update a partial, results are rows', () => {
    const { todos } = todoStore();
    expectTypeOf(todos.create).parameter(0).toEqualTypeOf<Omit<Todo, 'id'> & Partial<Pick<Todo, 'id'>>>();
    expectTypeOf(todos.update).parameter(1).toEqualTypeOf<Partial<Todo>>();
    expectTypeOf(todos.update).returns.resolves.toEqualTypeOf<Todo>();
    expectTypeOf(todos.delete).parameter(0).toEqualTypeOf<number>();
    // @ts-expect-error: a field the model does not have
    void todos.create({ title: 'x', done: false, colour: 'red' }).catch(() => {});
  });

  it('bad input is a typed error naming it, before anything is written', async () => {
    const { rows, todos, store } = todoStore();
    await expect(todos.create(null as never)).rejects.toThrow(InvalidQuery);
    await expect(todos.create([] as never)).rejects.toThrow(/create: the values must be a plain object/);
    await expect(todos.update(Number.NaN, {})).rejects.toThrow(/update: the id must be the "id" of a demo.todo/);
    await expect(todos.update(1, 'done' as never)).rejects.toThrow(/update: the patch must be a plain object/);
    await expect(store.delete(null as never, 1)).rejects.toThrow(ConfigurationError);
    expect(rows).toHaveLength(2);
  });
});

describe('a store that cannot write', () => {
  it('refuses with UnsupportedQuery, before anything is sent', async () => {
    const { store } = setup();
    await expect(store.query(User).create({ name: 'Ann', age: 3 })).rejects.toThrow(UnsupportedQuery);
    await expect(store.query(User).delete(1)).rejects.toThrow(/cannot write records, so the delete of a my_app.user/);
    expect(store.pending).toHaveLength(0);
  });
});

describe('invalidation after a write', () => {
  it("removes the model's cached queries in the store's cache, the given cache and every cache it answered into", async () => {
    const { store, todos, cache } = todoStore();
    const provider = new MemoryCache();
    const other = new MemoryCache();
    await todos.count();
    await store.run(Todo, query(Todo).count(), { cache: other });
    await store.run(Note, query(Note).count());
    const given = new MemoryCache();
    await given.set(store.key(Todo, query(Todo).count()), 2);
    const notesKey = store.key(Note, query(Note).count());
    const countKey = store.key(Todo, query(Todo).count());
    await provider.set(countKey, 2);
    await todos.create({ title: 'x', done: false }, { cache: provider });
    // The store's own cache, the one it answered into, and the one the write named.
    for (const target of [cache, other, provider]) expect(target.peek(countKey)).toBeUndefined();
    // A cache it never answered into, and was not named, is not its to touch.
    expect(given.peek(countKey)).toBe(2);
    await todos.update(1, { done: true }, { cache: given });
    expect(given.peek(countKey)).toBeUndefined();
    // Another model's entries stay.
    expect(cache.peek(notesKey)).toBe(1);
    expect(await todos.count()).toBe(3);
  });

  it('store.invalidate(model) does the same for a write made some other way', async () => {
    const { store, todos, cache } = todoStore();
    const other = new MemoryCache();
    const given = new MemoryCache();
    const countKey = store.key(Todo, query(Todo).count());
    await todos.count();
    await store.run(Todo, query(Todo).count(), { cache: other });
    await given.set(countKey, 2);
    await store.run(Note, query(Note).count());
    await store.invalidate(Todo, { cache: given });
    for (const target of [cache, other, given]) expect(target.peek(countKey)).toBeUndefined();
    expect(cache.peek(store.key(Note, query(Note).count()))).toBe(1);
    // A store without an identifier has no cache keys: nothing to do.
    await new MemoryStore({ data: {} }).invalidate(Todo);
  });

  it('invalidate: false leaves them', async () => {
    const { todos, cache, store } = todoStore();
    await todos.count();
    await todos.delete(1, { invalidate: false });
    expect(cache.peek(store.key(Todo, query(Todo).count()))).toBe(2);
  });

  it('a read of the model in flight when the write lands does not cache its older answer', async () => {
    const { cache, key } = setup();
    class WritingStore extends ControlledStore {
      protected override write() {
        return Promise.resolve({ id: 1 });
      }
    }
    const writer = new WritingStore({ identifier: 's', cache });
    const read = writer.run(User, count);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(writer.pending).toHaveLength(1);
    await writer.query(User).update(1, { age: 40 });
    writer.pending[0]!.resolve(3);
    // The caller is answered by a new call, made after the write; the old answer was never cached.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cache.peek(key)).toBeUndefined();
    expect(writer.pending).toHaveLength(2);
    writer.pending[1]!.resolve(4);
    expect(await read).toBe(4);
    expect(cache.peek(key)).toBe(4);
  });
});
