// @vitest-environment jsdom
// Type-level tests: `npm run typecheck` fails when the types below drift.
import { renderHook } from '@testing-library/react';
import { describe, expectTypeOf, it } from 'vitest';
import { MemoryCache, query, type QueryResult, useQuery } from '../../src/index';
import { CountingStore, User } from './fixtures';

const store = new CountingStore({ cache: new MemoryCache() });

describe('types flow from the model to data', () => {
  it('list, count, first, exists, get', () => {
    const list = renderHook(() => useQuery(store, User, query(User).filter({ age: { gte: 18 } }))).result.current;
    expectTypeOf(list.data).toEqualTypeOf<User[] | undefined>();
    expectTypeOf(dataOf(query(User).count())).toEqualTypeOf<number | undefined>();
    expectTypeOf(dataOf(query(User).orderBy('-age').first())).toEqualTypeOf<User | undefined>();
    expectTypeOf(dataOf(query(User).exists())).toEqualTypeOf<boolean | undefined>();
    expectTypeOf(dataOf(query(User).get({ id: 1 }))).toEqualTypeOf<User | undefined>();
  });

  it('projections and aggregates', () => {
    expectTypeOf(dataOf(query(User).values('id', 'name'))).toEqualTypeOf<{ id: number; name: string }[] | undefined>();
    expectTypeOf(dataOf(query(User).valuesList('name', { flat: true }))).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(dataOf(query(User).valuesList('id', 'name'))).toEqualTypeOf<[number, string][] | undefined>();
    expectTypeOf<QueryResult<typeof aggregate>>().toEqualTypeOf<{
      n: number;
      oldest: number | null;
      mean: number | null;
    }>();
  });

  it('a manager is accepted too, with the same types', () => {
    const managed = renderHook(() => useQuery(store, User, store.query(User).filter({ name: 'Ann' }).values('name')))
      .result.current;
    expectTypeOf(managed.data).toEqualTypeOf<{ name: string }[] | undefined>();
  });

  it('filters are checked against the model', () => {
    // @ts-expect-error: `age` is a number
    query(User).filter({ age: 'old' });
    // @ts-expect-error: `nope` is not a field of User
    query(User).orderBy('nope');
    // @ts-expect-error: lookups take the field's type
    query(User).filter({ age: { gte: 'x' } });
  });
});

export const aggregate = query(User).aggregate({ n: { count: '*' }, oldest: { max: 'age' }, mean: { avg: 'age' } });

function dataOf<Q extends Parameters<typeof useQuery>[2]>(q: Q) {
  return renderHook(() => useQuery(store, User, q as never)).result.current.data as QueryResult<Q> | undefined;
}
