import { describe, expect, it } from 'vitest';
import { canonicalize, InvalidQuery, LOOKUPS, query } from '../../../src/core/index';
import { Person, Post, type Row, Thing } from '../fixtures';
import { keyer } from '../keyer';

// The query builder itself: what filter() accepts and how it is typed (filter.ts and conditions.ts
// read the filter objects), and that a built query never changes. What a query matches is in
// evaluate.test.ts; its key in key.test.ts and canonical.test.ts.

const key = keyer('mem', Thing);
const q = query(Person);
const p = query(Post);

describe('istartswith and iendswith', () => {
  it('are lookups, listed after every older one (so older conditions keep their order and keys)', () => {
    expect(LOOKUPS.slice(-2)).toEqual(['istartswith', 'iendswith']);
    expect(LOOKUPS.slice(0, 13)).toEqual([
      'eq',
      'ne',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'contains',
      'icontains',
      'startswith',
      'endswith',
      'isnull',
      'range',
    ]);
  });

  it.each(['istartswith', 'iendswith'] as const)(
    '%s needs a string: anything else is an InvalidQuery naming the lookup',
    (lookup) => {
      const bad = () => q.filter({ name: { [lookup]: 1 } } as never);
      expect(bad).toThrow(InvalidQuery);
      expect(bad).toThrow(`filter.name.${lookup} must be a string, got number 1.`);
    },
  );
});

describe('a dotted path through arrays of records matches when any element does', () => {
  it('types a nested filter on an array of records as a filter on its elements', () => {
    p.filter({ tags: { name: { istartswith: 'n' }, subtags: { name: 'a' } } });
    // @ts-expect-error: a tag has no field "title"
    p.filter({ tags: { title: 'x' } });
    // @ts-expect-error: a tag's score is a number
    p.filter({ tags: { score: 'high' } });
  });
});

describe('queries are immutable', () => {
  const build = () => {
    const tags = ['a', 'b'];
    const company = { name: 'Acme' };
    const joined = new Date(Date.UTC(2024, 0, 1));
    const value = { x: 1, list: [1, 2] };
    const filter: Row = { tags: { in: tags }, company, joined, value: { eq: value } };
    return { tags, company, joined, value, filter, q: query(Thing).filter(filter) };
  };
  const mutate = ({ tags, company, joined, value, filter }: ReturnType<typeof build>) => {
    tags.push('c');
    company.name = 'Globex';
    joined.setTime(0);
    value.x = 2;
    value.list.push(3);
    filter.extra = 1;
  };

  it('mutating what was passed to filter() before the key is first computed changes nothing', () => {
    const built = build();
    mutate(built);
    expect(key(built.q)).toBe(key(build().q));
  });

  it('mutating what was passed to filter() after the key was computed changes nothing', () => {
    const built = build();
    const before = key(built.q);
    mutate(built);
    expect(key(built.q)).toBe(before);
    expect(key(built.q)).toBe(key(build().q));
  });

  it('the query holds copies, not the caller’s objects', () => {
    const built = build();
    const json = JSON.stringify(built.q.state.where);
    mutate(built);
    expect(JSON.stringify(built.q.state.where)).toBe(json);
  });

  it('chaining returns a new query and leaves the original as it was', () => {
    const base = query(Thing).filter({ a: 1 });
    const before = key(base);
    const narrowed = base.filter({ b: 2 }).orderBy('a').limit(3);
    expect(key(base)).toBe(before);
    expect(key(narrowed)).not.toBe(before);
    expect(Object.isFrozen(base.state)).toBe(true);
  });
});

describe('query state is frozen all the way down', () => {
  it('no part of a built query can be changed, so it never drifts from its key', () => {
    const q = query<{ tags: string[]; age: number }>()
      .filter({ tags: { in: [['a']] }, age: { gte: 1 } })
      .orderBy('age')
      .values('age');
    const key = q.canonical;
    const where = q.state.where as unknown as { and: { value: unknown }[] }[];
    expect(() => (q.state.where as unknown[]).push({})).toThrow(TypeError);
    expect(() => (q.state.orderBy as string[]).push('x')).toThrow(TypeError);
    expect(() => (q.state.fields as string[]).push('x')).toThrow(TypeError);
    expect(() => (where[0]!.and[0]!.value = 1)).toThrow(TypeError);
    expect(() => ((where[0]!.and as unknown[]).length = 0)).toThrow(TypeError);
    expect(q.canonical).toBe(key);
    expect(canonicalize(q.state)).toBe(key);
  });
});
