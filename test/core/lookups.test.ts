import { describe, expect, it } from 'vitest';
import {
  defineModel,
  djangoQueryString,
  InvalidQuery,
  LOOKUPS,
  lifterQueryString,
  MemoryStore,
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
