import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  DoesNotExist,
  defineModel,
  InvalidQuery,
  MemoryStore,
  MultipleObjectsReturned,
  and,
  not,
  or,
  type Query,
  query,
} from '../../src/core/index';

interface User {
  id: number;
  name: string;
  age: number | null;
  email?: string | null;
  tags: string[];
  joined: Date;
  company: { name: string; country: string } | null;
}

const User = defineModel<User>({ app: 'my_app', name: 'user' });

const day = (d: number) => new Date(Date.UTC(2024, 0, d));
const users: User[] = [
  { id: 1, name: 'Ann', age: 31, email: 'ann@acme.test', tags: ['admin', 'dev'], joined: day(3), company: { name: 'Acme', country: 'FR' } },
  { id: 2, name: 'bob', age: 17, email: null, tags: ['dev'], joined: day(1), company: { name: 'Globex', country: 'US' } },
  { id: 3, name: 'Cleo', age: null, tags: [], joined: day(2), company: null },
  { id: 4, name: 'Dan', age: 31, email: 'dan@globex.test', tags: ['ops'], joined: day(5), company: { name: 'Globex', country: 'FR' } },
  { id: 5, name: 'Eve', age: 45, email: 'eve@acme.test', tags: ['dev', 'ops'], joined: day(4), company: { name: 'Acme', country: 'US' } },
];

const store = new MemoryStore({ identifier: 'mem', data: { my_app: { user: users } } });
const run = (q: Query<User, any, any>) => store.run(User, q);
const ids = (rows: unknown) => (rows as User[]).map((u) => u.id);
const q = query(User);

describe('MemoryStore filters', () => {
  const cases: [string, Query<User, User, 'list'>, number[]][] = [
    ['no filter keeps store order', q, [1, 2, 3, 4, 5]],
    ['eq by value', q.filter({ name: 'Ann' }), [1]],
    ['eq lookup', q.filter({ age: { eq: 31 } }), [1, 4]],
    ['eq null matches null and missing', q.filter({ email: null }), [2, 3]],
    ['ne', q.filter({ age: { ne: 31 } }), [2, 3, 5]],
    ['gt', q.filter({ age: { gt: 31 } }), [5]],
    ['gte', q.filter({ age: { gte: 31 } }), [1, 4, 5]],
    ['lt skips null', q.filter({ age: { lt: 31 } }), [2]],
    ['lte', q.filter({ age: { lte: 31 } }), [1, 2, 4]],
    ['in', q.filter({ id: { in: [2, 4, 9] } }), [2, 4]],
    ['contains on a string', q.filter({ email: { contains: 'acme' } }), [1, 5]],
    ['contains on an array', q.filter({ tags: { contains: 'ops' } }), [4, 5]],
    ['icontains', q.filter({ name: { icontains: 'BO' } }), [2]],
    ['startswith is case-sensitive', q.filter({ name: { startswith: 'b' } }), [2]],
    ['endswith', q.filter({ email: { endswith: '.test' } }), [1, 4, 5]],
    ['isnull true', q.filter({ age: { isnull: true } }), [3]],
    ['isnull false', q.filter({ company: { isnull: false } }), [1, 2, 4, 5]],
    ['range is inclusive', q.filter({ age: { range: [17, 31] } }), [1, 2, 4]],
    ['range of Dates', q.filter({ joined: { range: [day(2), day(4)] } }), [1, 3, 5]],
    ['Date eq', q.filter({ joined: day(5) }), [4]],
    ['nested object path', q.filter({ company: { name: 'Acme' } }), [1, 5]],
    ['dotted path', q.filter({ 'company.country': 'FR' }), [1, 4]],
    ['nested path through null', q.filter({ 'company.name': { isnull: true } }), [3]],
    ['AND within a filter', q.filter({ age: 31, 'company.country': 'FR' }), [1, 4]],
    ['chained filters AND', q.filter({ age: { gte: 18 } }).filter({ company: { name: 'Globex' } }), [4]],
    ['or', q.filter(or({ age: { lt: 18 } }, { name: 'Eve' })), [2, 5]],
    ['not', q.filter(not({ company: { country: 'FR' } })), [2, 3, 5]],
    ['and inside or', q.filter(or(and({ age: 31 }, { name: 'Dan' }), { id: 3 })), [3, 4]],
    ['exclude', q.exclude({ tags: { contains: 'dev' } }), [3, 4]],
    ['exclude with null field', q.exclude({ age: { gt: 20 } }), [2, 3]],
  ];
  it.each(cases)('%s', async (_name, built, expected) => {
    expect(ids(await run(built))).toEqual(expected);
  });
});

describe('MemoryStore ordering and window', () => {
  const cases: [string, Query<User, User, 'list'>, number[]][] = [
    ['ascending, null last', q.orderBy('age'), [2, 1, 4, 5, 3]],
    ['descending, null first, ties keep store order', q.orderBy('-age'), [3, 5, 1, 4, 2]],
    ['several fields', q.orderBy('-age', 'name'), [3, 5, 1, 4, 2]],
    ['several fields, second descending', q.orderBy('age', '-name'), [2, 4, 1, 5, 3]],
    ['strings compare by code unit', q.orderBy('name'), [1, 3, 4, 5, 2]],
    ['Dates', q.orderBy('joined'), [2, 3, 1, 5, 4]],
    ['nested path', q.orderBy('company.name', '-id'), [5, 1, 4, 2, 3]],
    ['limit', q.orderBy('id').limit(2), [1, 2]],
    ['offset', q.orderBy('id').offset(3), [4, 5]],
    ['window', q.orderBy('id').offset(1).limit(2), [2, 3]],
    ['window beyond the end', q.offset(4).limit(10), [5]],
    ['filter applies before the window, whatever the call order', q.limit(2).filter({ age: { gte: 31 } }), [1, 4]],
  ];
  it.each(cases)('%s', async (_name, built, expected) => {
    expect(ids(await run(built))).toEqual(expected);
  });
});

describe('MemoryStore projections', () => {
  it('values keeps only the named fields, nested paths included', async () => {
    expect(await run(q.filter({ id: { in: [1, 3] } }).values('name', 'company.name'))).toEqual([
      { name: 'Ann', 'company.name': 'Acme' },
      { name: 'Cleo', 'company.name': undefined },
    ]);
  });
  it('valuesList returns tuples, or single values with flat', async () => {
    expect(await run(q.orderBy('id').limit(2).valuesList('id', 'name'))).toEqual([
      [1, 'Ann'],
      [2, 'bob'],
    ]);
    expect(await run(q.orderBy('id').valuesList('age', { flat: true }))).toEqual([31, 17, null, 31, 45]);
  });
  it('distinct drops repeated projected values, before the window', async () => {
    expect(await run(q.orderBy('id').valuesList('company.country', { flat: true }).distinct())).toEqual(['FR', 'US', undefined]);
    expect(await run(q.orderBy('id').values('age').distinct().offset(1).limit(2))).toEqual([{ age: 17 }, { age: null }]);
  });
});

describe('MemoryStore actions', () => {
  it('count, exists, first, last', async () => {
    expect(await run(q.filter({ age: { gte: 18 } }).count())).toBe(3);
    expect(await run(q.filter({ age: { gt: 100 } }).exists())).toBe(false);
    expect(await run(q.filter({ age: 31 }).exists())).toBe(true);
    expect(await run(q.orderBy('-age').first())).toMatchObject({ id: 3 });
    expect(await run(q.orderBy('name').last())).toMatchObject({ id: 2 });
    expect(await run(q.filter({ age: { gt: 100 } }).first())).toBeUndefined();
    expect(await run(q.orderBy('id').offset(1).limit(2).count())).toBe(2);
  });
  it('get returns exactly one row', async () => {
    expect(await run(q.get({ name: 'Dan' }))).toMatchObject({ id: 4 });
    expect(await run(q.values('name').get({ id: 2 }))).toEqual({ name: 'bob' });
  });
  it('get rejects with DoesNotExist or MultipleObjectsReturned', async () => {
    await expect(run(q.get({ name: 'Zed' }))).rejects.toBeInstanceOf(DoesNotExist);
    await expect(run(q.get({ age: 31 }))).rejects.toThrow(MultipleObjectsReturned);
    await expect(run(q.get({ age: 31 }))).rejects.toThrow(/matched 2 records/);
  });
  it('aggregate: count, sum, avg, min, max, nulls skipped', async () => {
    expect(
      await run(
        q.aggregate({
          n: { count: '*' },
          withAge: { count: 'age' },
          total: { sum: 'age' },
          mean: { avg: 'age' },
          youngest: { min: 'age' },
          oldest: { max: 'age' },
          firstJoined: { min: 'joined' },
          lastName: { max: 'name' },
        }),
      ),
    ).toEqual({ n: 5, withAge: 4, total: 124, mean: 31, youngest: 17, oldest: 45, firstJoined: day(1), lastName: 'bob' });
  });
  it('aggregate over no rows: count 0, sum 0, avg/min/max null', async () => {
    expect(
      await run(q.filter({ id: 0 }).aggregate({ n: { count: '*' }, s: { sum: 'age' }, a: { avg: 'age' }, m: { min: 'age' } })),
    ).toEqual({ n: 0, s: 0, a: null, m: null });
  });
  it('sum of a non-number field is an InvalidQuery naming the aggregate', async () => {
    await expect(run(q.aggregate({ s: { sum: 'name' } }))).rejects.toThrow(InvalidQuery);
    await expect(run(q.aggregate({ s: { sum: 'name' } }))).rejects.toThrow(/aggregate\.s/);
  });
});

describe('MemoryStore set-up and safety', () => {
  it('an unknown model is a ConfigurationError that says how to pass its rows', async () => {
    const Other = defineModel<{ id: number }>({ app: 'my_app', name: 'company' });
    await expect(store.query(Other).list()).rejects.toThrow(ConfigurationError);
    await expect(store.query(Other).list()).rejects.toThrow('{ my_app: { company: [...] } }');
  });
  it('does not follow inherited properties: "__proto__" and "constructor" paths are plain data', async () => {
    const Row = defineModel<Record<string, unknown>>({ app: 'x', name: 'row' });
    const rows = [JSON.parse('{"id": 1, "__proto__": {"admin": true}}'), { id: 2 }];
    const local = new MemoryStore({ data: { x: { row: rows } } });
    expect(await local.query(Row).filter({ '__proto__.admin': true }).valuesList('id', { flat: true }).list()).toEqual([1]);
    expect(await local.query(Row).filter(JSON.parse('{"constructor": {"isnull": false}}')).count()).toBe(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
  it('rejects bad data and latency options', () => {
    expect(() => new MemoryStore({ identifier: 'm', data: null as never })).toThrow(ConfigurationError);
    expect(() => new MemoryStore({ identifier: 'm', data: {}, latency: -1 })).toThrow(ConfigurationError);
    // Infinity would make setTimeout answer at once; a string would pass a `>= 0` check.
    for (const latency of [Number.POSITIVE_INFINITY, Number.NaN, '5', null]) {
      expect(() => new MemoryStore({ identifier: 'm', data: {}, latency: latency as never })).toThrow(/"latency" must be a finite number of milliseconds/);
    }
  });
});
