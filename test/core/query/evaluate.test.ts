import { describe, expect, it } from 'vitest';
import {
  and,
  defineModel,
  DoesNotExist,
  InvalidQuery,
  MemoryStore,
  MultipleObjectsReturned,
  not,
  or,
  type Query,
  query,
} from '../../../src/core/index';
import { Person, Post, type Tag } from '../fixtures';

// evaluate, the in-memory evaluator (lifter's IterableStore semantics): lookups, paths, ordering,
// the window, projections and actions. Run through a MemoryStore without a cache, whose backend call
// is evaluate over the model's rows; MemoryStore's own options are in memory-store.test.ts.

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
  {
    id: 1,
    name: 'Ann',
    age: 31,
    email: 'ann@acme.test',
    tags: ['admin', 'dev'],
    joined: day(3),
    company: { name: 'Acme', country: 'FR' },
  },
  {
    id: 2,
    name: 'bob',
    age: 17,
    email: null,
    tags: ['dev'],
    joined: day(1),
    company: { name: 'Globex', country: 'US' },
  },
  { id: 3, name: 'Cleo', age: null, tags: [], joined: day(2), company: null },
  {
    id: 4,
    name: 'Dan',
    age: 31,
    email: 'dan@globex.test',
    tags: ['ops'],
    joined: day(5),
    company: { name: 'Globex', country: 'FR' },
  },
  {
    id: 5,
    name: 'Eve',
    age: 45,
    email: 'eve@acme.test',
    tags: ['dev', 'ops'],
    joined: day(4),
    company: { name: 'Acme', country: 'US' },
  },
];

const store = new MemoryStore({ identifier: 'mem', data: { my_app: { user: users } } });
const run = (q: Query<User, any, any>) => store.run(User, q);
const ids = (rows: unknown) => (rows as User[]).map((u) => u.id);
const q = query(User);

describe('evaluate: filters', () => {
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

describe('evaluate: ordering and window', () => {
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

describe('evaluate: projections', () => {
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
    expect(await run(q.orderBy('id').valuesList('company.country', { flat: true }).distinct())).toEqual([
      'FR',
      'US',
      undefined,
    ]);
    expect(await run(q.orderBy('id').values('age').distinct().offset(1).limit(2))).toEqual([
      { age: 17 },
      { age: null },
    ]);
  });
});

describe('evaluate: actions', () => {
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
    ).toEqual({
      n: 5,
      withAge: 4,
      total: 124,
      mean: 31,
      youngest: 17,
      oldest: 45,
      firstJoined: day(1),
      lastName: 'bob',
    });
  });
  it('aggregate over no rows: count 0, sum 0, avg/min/max null', async () => {
    expect(
      await run(
        q.filter({ id: 0 }).aggregate({ n: { count: '*' }, s: { sum: 'age' }, a: { avg: 'age' }, m: { min: 'age' } }),
      ),
    ).toEqual({ n: 0, s: 0, a: null, m: null });
  });
  it('sum of a non-number field is an InvalidQuery naming the aggregate', async () => {
    await expect(run(q.aggregate({ s: { sum: 'name' } }))).rejects.toThrow(InvalidQuery);
    await expect(run(q.aggregate({ s: { sum: 'name' } }))).rejects.toThrow(/aggregate\.s/);
  });
});

describe('evaluate: paths are plain data', () => {
  it('does not follow inherited properties: "__proto__" and "constructor" paths are plain data', async () => {
    const Row = defineModel<Record<string, unknown>>({ app: 'x', name: 'row' });
    const rows = [JSON.parse('{"id": 1, "__proto__": {"admin": true}}'), { id: 2 }];
    const local = new MemoryStore({ data: { x: { row: rows } } });
    expect(await local.query(Row).filter({ '__proto__.admin': true }).valuesList('id', { flat: true }).list()).toEqual([
      1,
    ]);
    expect(await local.query(Row).filter(JSON.parse('{"constructor": {"isnull": false}}')).count()).toBe(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('istartswith and iendswith', () => {
  const people: Person[] = [
    { id: 1, name: 'Ann', email: 'ANN@Acme.test' },
    { id: 2, name: 'anna', email: 'anna@globex.TEST' },
    { id: 3, name: 'Bob', email: null },
    { id: 4, name: 'Zoë', email: 'zoe@acme.org' },
  ];
  const store = new MemoryStore({ identifier: 'mem', data: { my_app: { person: people } } });
  const ids = async (q: Query<Person, any, any>) => ((await store.run(Person, q)) as Person[]).map((p) => p.id);
  const q = query(Person);

  it.each([
    ['istartswith ignores case', q.filter({ name: { istartswith: 'AN' } }), [1, 2]],
    ['istartswith with a non-ASCII letter', q.filter({ name: { istartswith: 'ZO' } }), [4]],
    ['istartswith skips null', q.filter({ email: { istartswith: 'a' } }), [1, 2]],
    ['iendswith ignores case', q.filter({ email: { iendswith: '.Test' } }), [1, 2]],
    ['iendswith with a non-ASCII letter', q.filter({ name: { iendswith: 'Ë' } }), [4]],
    ['startswith stays case-sensitive', q.filter({ name: { startswith: 'An' } }), [1]],
    ['exclude with iendswith', q.exclude({ name: { iendswith: 'N' } }), [2, 3, 4]],
  ] as const)('%s', async (_name, built, expected) => {
    expect(await ids(built)).toEqual(expected);
  });
});

/** A chain of arrays `levels` deep around `inner`. */
function nestedArrays(levels: number, inner: unknown): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const posts: Post[] = [
  {
    id: 1,
    tags: [
      { name: 'nice', score: 3, subtags: [{ name: 'a' }, { name: 'b' }] },
      { name: 'Cool', score: 10 },
    ],
  },
  { id: 2, tags: [{ name: 'meh', score: 1, subtags: [] }] },
  { id: 3, tags: [] },
  { id: 4 },
  { id: 5, tags: [{ name: null }, { name: 'nice', subtags: [{ name: 'B' }] }] },
  { id: 6, tags: [{ names: ['x', 'y'] }] },
  { id: 7, tags: [[{ name: 'nested' }]] },
  { id: 8, tags: [JSON.parse('{"__proto__": {"name": "proto"}, "score": 4}')] },
  { id: 9, tags: nestedArrays(10_000, { name: 'deep' }) as Tag[] },
];
const blog = new MemoryStore({ identifier: 'blog', data: { my_app: { post: posts } } });
const postIds = async (built: Query<Post, any, any>) => ((await blog.run(Post, built)) as Post[]).map((p) => p.id);
const p = query(Post);

describe('a dotted path through arrays of records matches when any element does', () => {
  it.each([
    ['a dotted key', p.filter({ 'tags.name': 'nice' }), [1, 5]],
    ['a nested filter', p.filter({ tags: { name: 'nice' } }), [1, 5]],
    ['an array of arrays', p.filter({ 'tags.name': 'nested' }), [7]],
    ['arrays 10,000 deep in a row (no stack overflow)', p.filter({ 'tags.name': 'deep' }), [9]],
    ['nested arrays: tags.subtags.name', p.filter({ 'tags.subtags.name': 'b' }), [1]],
    ['icontains through two arrays', p.filter({ 'tags.subtags.name': { icontains: 'B' } }), [1, 5]],
    ['icontains', p.filter({ 'tags.name': { icontains: 'OO' } }), [1]],
    ['istartswith', p.filter({ 'tags.name': { istartswith: 'NI' } }), [1, 5]],
    ['startswith', p.filter({ 'tags.name': { startswith: 'C' } }), [1]],
    ['endswith', p.filter({ 'tags.name': { endswith: 'ce' } }), [1, 5]],
    ['in', p.filter({ 'tags.name': { in: ['meh', 'Cool'] } }), [1, 2]],
    ['gt', p.filter({ 'tags.score': { gt: 5 } }), [1]],
    ['lte', p.filter({ 'tags.score': { lte: 3 } }), [1, 2]],
    ['range', p.filter({ 'tags.score': { range: [1, 2] } }), [2]],
    [
      'gte and lte may hold for different elements (any element, each condition)',
      p.filter({ 'tags.score': { gte: 10, lte: 1 } }),
      [],
    ],
    ['contains tests membership of an array-valued last field', p.filter({ 'tags.names': { contains: 'y' } }), [6]],
    ['contains on strings reached through an array', p.filter({ 'tags.name': { contains: 'ic' } }), [1, 5]],
    [
      'eq null: a null or missing field in some element, or no element at all',
      p.filter({ 'tags.name': null }),
      [3, 4, 5, 6, 8],
    ],
    [
      'isnull true: no tags (as a LEFT JOIN), or a tag without a name',
      p.filter({ 'tags.name': { isnull: true } }),
      [3, 4, 5, 6, 8],
    ],
    ['isnull false: some tag has a name', p.filter({ 'tags.name': { isnull: false } }), [1, 2, 5, 7, 9]],
    ['ne: no tag has that name', p.filter({ 'tags.name': { ne: 'nice' } }), [2, 3, 4, 6, 7, 8, 9]],
    ['exclude() keeps the same rows as ne', p.exclude({ 'tags.name': 'nice' }), [2, 3, 4, 6, 7, 8, 9]],
    ['not() keeps the same rows as ne', p.filter(not({ 'tags.name': 'nice' })), [2, 3, 4, 6, 7, 8, 9]],
    ['or() across elements', p.filter(or({ 'tags.name': 'meh' }, { 'tags.subtags.name': 'B' })), [2, 5]],
    ['only own properties: "__proto__" is data', p.filter({ 'tags.__proto__.name': 'proto' }), [8]],
    [
      'only own properties: inherited "constructor" is missing',
      p.filter({ 'tags.constructor': { isnull: false } }),
      [],
    ],
  ] as const)('%s', async (_name, built, expected) => {
    expect(await postIds(built as Query<Post, any, any>)).toEqual(expected);
  });

  it('ordering and projections still read one value per path', async () => {
    const rows = [
      { id: 1, tags: [{ name: 'b' }] },
      { id: 2, tags: [{ name: 'a' }] },
    ];
    const local = new MemoryStore({ data: { my_app: { post: rows } } });
    expect(await local.query(Post).orderBy('tags.name').valuesList('id', { flat: true }).list()).toEqual([1, 2]);
    expect(await local.query(Post).valuesList('tags.name', { flat: true }).list()).toEqual([undefined, undefined]);
  });
});
