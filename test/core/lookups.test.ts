import { describe, expect, it } from 'vitest';
import {
  defineModel,
  djangoQueryString,
  InvalidQuery,
  LOOKUPS,
  lifterQueryString,
  MemoryStore,
  not,
  or,
  type Query,
  query,
  UnsupportedQuery,
} from '../../src/core/index';

interface Person {
  id: number;
  name: string;
  email: string | null;
}
const Person = defineModel<Person>({ app: 'my_app', name: 'person' });

const people: Person[] = [
  { id: 1, name: 'Ann', email: 'ANN@Acme.test' },
  { id: 2, name: 'anna', email: 'anna@globex.TEST' },
  { id: 3, name: 'Bob', email: null },
  { id: 4, name: 'Zoë', email: 'zoe@acme.org' },
];
const store = new MemoryStore({ identifier: 'mem', data: { my_app: { person: people } } });
const ids = async (q: Query<Person, any, any>) => ((await store.run(Person, q)) as Person[]).map((p) => p.id);
const q = query(Person);

describe('istartswith and iendswith', () => {
  it('are lookups, listed after every older one (so older conditions keep their order and keys)', () => {
    expect(LOOKUPS.slice(-2)).toEqual(['istartswith', 'iendswith']);
    expect(LOOKUPS.slice(0, 13)).toEqual(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'icontains', 'startswith', 'endswith', 'isnull', 'range']);
  });

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

  it.each(['istartswith', 'iendswith'] as const)('%s needs a string: anything else is an InvalidQuery naming the lookup', (lookup) => {
    const bad = () => q.filter({ name: { [lookup]: 1 } } as never);
    expect(bad).toThrow(InvalidQuery);
    expect(bad).toThrow(`filter.name.${lookup} must be a string, got number 1.`);
  });

  it('djangoQueryString sends them as name__istartswith / name__iendswith', () => {
    const built = q.filter({ name: { istartswith: 'an' } }).filter({ email: { iendswith: '.test' } });
    // A lookup, not a nested field called "istartswith" (which would be sent the same way).
    expect(built.state.where).toEqual([
      { path: 'name', lookup: 'istartswith', value: 'an' },
      { path: 'email', lookup: 'iendswith', value: '.test' },
    ]);
    expect(djangoQueryString(built.state, Person).params.toString()).toBe('name__istartswith=an&email__iendswith=.test');
  });

  it('lifterQueryString refuses them, as every lookup but eq', () => {
    expect(() => lifterQueryString(q.filter({ name: { istartswith: 'an' } }).state, Person)).toThrow(UnsupportedQuery);
    expect(() => lifterQueryString(q.filter({ name: { iendswith: 'n' } }).state, Person)).toThrow(/"name" with the lookup "iendswith"/);
  });
});

interface Tag {
  name?: string | null;
  score?: number;
  names?: string[];
  subtags?: { name: string }[];
}
interface Post {
  id: number;
  tags?: Tag[] | Tag[][];
}
const Post = defineModel<Post>({ app: 'my_app', name: 'post' });

/** A chain of arrays `levels` deep around `inner`. */
function nestedArrays(levels: number, inner: unknown): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const posts: Post[] = [
  { id: 1, tags: [{ name: 'nice', score: 3, subtags: [{ name: 'a' }, { name: 'b' }] }, { name: 'Cool', score: 10 }] },
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
    ['gte and lte may hold for different elements (any element, each condition)', p.filter({ 'tags.score': { gte: 10, lte: 1 } }), []],
    ['contains tests membership of an array-valued last field', p.filter({ 'tags.names': { contains: 'y' } }), [6]],
    ['contains on strings reached through an array', p.filter({ 'tags.name': { contains: 'ic' } }), [1, 5]],
    ['eq null: a null or missing field in some element, or no element at all', p.filter({ 'tags.name': null }), [3, 4, 5, 6, 8]],
    ['isnull true: no tags (as a LEFT JOIN), or a tag without a name', p.filter({ 'tags.name': { isnull: true } }), [3, 4, 5, 6, 8]],
    ['isnull false: some tag has a name', p.filter({ 'tags.name': { isnull: false } }), [1, 2, 5, 7, 9]],
    ['ne: no tag has that name', p.filter({ 'tags.name': { ne: 'nice' } }), [2, 3, 4, 6, 7, 8, 9]],
    ['exclude() keeps the same rows as ne', p.exclude({ 'tags.name': 'nice' }), [2, 3, 4, 6, 7, 8, 9]],
    ['not() keeps the same rows as ne', p.filter(not({ 'tags.name': 'nice' })), [2, 3, 4, 6, 7, 8, 9]],
    ['or() across elements', p.filter(or({ 'tags.name': 'meh' }, { 'tags.subtags.name': 'B' })), [2, 5]],
    ['only own properties: "__proto__" is data', p.filter({ 'tags.__proto__.name': 'proto' }), [8]],
    ['only own properties: inherited "constructor" is missing', p.filter({ 'tags.constructor': { isnull: false } }), []],
  ] as const)('%s', async (_name, built, expected) => {
    expect(await postIds(built as Query<Post, any, any>)).toEqual(expected);
  });

  it('types a nested filter on an array of records as a filter on its elements', () => {
    p.filter({ tags: { name: { istartswith: 'n' }, subtags: { name: 'a' } } });
    // @ts-expect-error: a tag has no field "title"
    p.filter({ tags: { title: 'x' } });
    // @ts-expect-error: a tag's score is a number
    p.filter({ tags: { score: 'high' } });
  });

  it('ordering and projections still read one value per path', async () => {
    const rows = [{ id: 1, tags: [{ name: 'b' }] }, { id: 2, tags: [{ name: 'a' }] }];
    const local = new MemoryStore({ data: { my_app: { post: rows } } });
    expect(await local.query(Post).orderBy('tags.name').valuesList('id', { flat: true }).list()).toEqual([1, 2]);
    expect(await local.query(Post).valuesList('tags.name', { flat: true }).list()).toEqual([undefined, undefined]);
  });
});
