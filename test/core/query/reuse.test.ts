import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineModel, InvalidQuery, or, Query, query } from '../../../src/core/index';

interface Row {
  id: number;
  age: number;
  name: string;
  tags: string;
  born: Date;
  company: { name: string };
}
const Person = defineModel<Row>({ app: 'test', name: 'person' });

// A query written inline in render is built again from fresh, equal objects: the builder hands back
// the query it built before (src/core/query/reuse.ts). Reuse must never change what a query is: the
// same query for equal arguments, never for different ones, and a query never changes afterwards.

/** A query built on a root of its own, which has never built anything: what the builder makes without reuse. */
const unreused = () => new Query<any>();

const inline = (age: number) =>
  query(Person)
    .filter({ age: { gte: age }, name: 'Ann', tags: { in: ['a', 'b'] }, company: { name: 'Acme' } })
    .orderBy('-age', 'name')
    .offset(20)
    .limit(10);

describe('a query built again from equal arguments', () => {
  it('is the same query, whose key is already made', () => {
    const first = inline(18);
    const hash = first.hash;
    const again = inline(18);
    expect(again).toBe(first);
    expect(again.hash).toBe(hash);
    expect(again.state).toEqual(
      unreused()
        .filter({ age: { gte: 18 }, name: 'Ann', tags: { in: ['a', 'b'] }, company: { name: 'Acme' } })
        .orderBy('-age', 'name')
        .offset(20)
        .limit(10).state,
    );
  });

  it('is found again among the queries of a list (not only the last one built)', () => {
    const built = Array.from({ length: 100 }, (_, i) => inline(i));
    Array.from({ length: 100 }, (_, i) => expect(inline(i)).toBe(built[i]));
  });

  it('is a different query for different arguments, however small the difference', () => {
    const base = { age: 1, born: new Date(0), tags: ['a', 'b'] as string[] };
    const variants: Record<string, unknown>[] = [
      { ...base, age: 2 },
      { ...base, age: -0 },
      { ...base, age: '1' },
      { ...base, born: new Date(1) },
      { ...base, born: 0 },
      { ...base, tags: ['a', 'b', 'c'] },
      { ...base, tags: ['b', 'a'] },
      { ...base, tags: { in: ['a', 'b'] } },
      { ...base, extra: null },
      { age: 1, born: new Date(0) },
    ];
    const first = query(Person).filter(base as never);
    for (const variant of variants) {
      const built = query(Person).filter(variant as never);
      expect(built).not.toBe(first);
      expect(built.canonical).toBe(unreused().filter(variant as never).canonical);
    }
    expect(query(Person).filter({ ...base } as never)).toBe(first);
  });

  it('tells or()/and()/not() expressions apart by what they say (their only key is a symbol)', () => {
    const a = query(Person).filter(or({ age: 1 }, { age: 2 }));
    const b = query(Person).filter(or({ age: 1 }, { age: 3 }));
    expect(b).not.toBe(a);
    expect(b.canonical).toBe(unreused().filter(or({ age: 1 }, { age: 3 })).canonical);
    expect(query(Person).filter(or({ age: 1 }, { age: 2 }))).toBe(a);
  });

  it('keeps the arguments as they were: changing them afterwards changes neither the query nor the next one', () => {
    const filter = { age: { gte: 18 }, tags: ['a'] };
    const first = query(Person).filter(filter as never);
    filter.age.gte = 30;
    filter.tags.push('b');
    expect(first.state).toEqual(unreused().filter({ age: { gte: 18 }, tags: ['a'] } as never).state);
    const second = query(Person).filter(filter as never);
    expect(second).not.toBe(first);
    expect(second.canonical).toBe(unreused().filter({ age: { gte: 30 }, tags: ['a', 'b'] } as never).canonical);
  });

  it('is built from one reading of each argument: a getter that changes cannot make it differ from its key', () => {
    let reads = 0;
    const shifty = {
      get age() {
        reads++;
        return reads;
      },
    };
    const built = query(Person).filter(shifty);
    const age = (built.state.where[0] as { value: unknown }).value;
    expect(built.canonical).toBe(unreused().filter({ age: age as number }).canonical);
    // The same value read again is the same query; another is another.
    expect(query(Person).filter({ age: age as number })).toBe(built);
  });

  it('reports bad arguments every time, with the same error', () => {
    const bad = () => query(Person).filter({ age: { in: 3 } } as never);
    expect(bad).toThrow(InvalidQuery);
    expect(bad).toThrow('filter.age.in must be an array of values, got number 3.');
    class Money {
      amount = 1;
    }
    const instance = () => query(Person).filter({ age: new Money() } as never);
    expect(instance).toThrow(/instance of Money/);
    expect(instance).toThrow(/instance of Money/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => query(Person).filter({ company: circular } as never)).toThrow(/circular/);
  });

  it('ignores what an object inherits, as the builder does', () => {
    const inherited = Object.create({ polluted: 1 }) as Record<string, unknown>;
    inherited.age = 1;
    expect(() => query(Person).filter(inherited as never)).toThrow(InvalidQuery);
    const plain = query(Person).filter({ age: 1 });
    expect(plain.canonical).toBe(unreused().filter({ age: 1 }).canonical);
  });

  it('has the key the builder makes without reuse, for any filter (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom('a', 'b', '', '__proto__'),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
      fc.date({ min: new Date(0), max: new Date(10), noInvalidDate: true }),
    );
    const filter = fc.dictionary(fc.constantFrom('age', 'name', 'tags', 'company.name', '__proto__'), value, {
      maxKeys: 4,
    });
    fc.assert(
      fc.property(fc.array(filter, { minLength: 1, maxLength: 6 }), (filters) => {
        const built = filters.map((f) => query(Person).filter(f as never));
        filters.forEach((f, i) => {
          const expected = unreused().filter(structuredClone(f) as never).canonical;
          expect(built[i]!.canonical).toBe(expected);
          expect(query(Person).filter(structuredClone(f) as never).canonical).toBe(expected);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds a filter with lookups, nesting and dotted paths, or an exclusion, by the conditions it holds', () => {
    const filter = () => ({ age: { gte: 18, lt: 65 }, company: { name: 'Acme' }, 'tags.size': 2, name: undefined });
    const built = query(Person).filter(filter() as never);
    expect(query(Person).filter(filter() as never)).toBe(built);
    // The same conditions written another way are the same query (the builder gives them one key).
    const dotted = { age: { lt: 65, gte: 18 }, 'company.name': 'Acme', tags: { size: 2 } };
    expect(query(Person).filter(dotted as never)).toBe(built);
    const excluded = query(Person).exclude(filter() as never);
    expect(excluded).not.toBe(built);
    expect(query(Person).exclude(filter() as never)).toBe(excluded);
    expect(excluded.canonical).toBe(unreused().exclude(filter() as never).canonical);
  });

  it('never takes an or()/and()/not() expression for the empty filter object, nor a filter for an exclusion', () => {
    const empty = query(Person).filter({});
    const combined = query(Person).filter(or({ age: 1 }, { age: 2 }));
    expect(combined).not.toBe(empty);
    expect(combined.canonical).toBe(unreused().filter(or({ age: 1 }, { age: 2 })).canonical);
    const kept = query(Person).filter({ age: 1 });
    const dropped = query(Person).filter({ age: 1 }).exclude({ age: 1 });
    expect(dropped.canonical).toBe(unreused().filter({ age: 1 }).exclude({ age: 1 }).canonical);
    expect(query(Person).filter({ age: 1 })).toBe(kept);
  });

  it('builds again, with the right key, what it cannot match: many conditions, one more or one fewer', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, i]));
    const built = query(Person).filter(many as never);
    expect(query(Person).filter({ ...many } as never).canonical).toBe(built.canonical);
    const fewer = { ...many, f39: undefined };
    expect(query(Person).filter(fewer as never).canonical).toBe(unreused().filter(fewer as never).canonical);
    // One path written three ways asks for three conditions, even where two of them are alike.
    const twice = query(Person).filter({ 'company.name.x': 1, company: { 'name.x': 2 } } as never);
    const thrice = { 'company.name.x': 1, 'company.name': { x: 1 }, company: { name: { x: 2 } } };
    expect(query(Person).filter(thrice as never)).not.toBe(twice);
    expect(query(Person).filter(thrice as never).canonical).toBe(unreused().filter(thrice as never).canonical);
    const base = { age: { gte: 1 }, name: 'a' };
    const first = query(Person).filter(base);
    for (const variant of [{ age: { gte: 1 } }, { ...base, tags: 'x' }, { age: { gt: 1 }, name: 'a' }]) {
      const again = query(Person).filter(variant as never);
      expect(again).not.toBe(first);
      expect(again.canonical).toBe(unreused().filter(variant as never).canonical);
    }
  });

  it('has the key the builder makes without reuse, for filters and exclusions of any shape (property)', () => {
    const leaf = fc.oneof(
      fc.integer({ min: -2, max: 2 }),
      fc.constantFrom('a', 'b'),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    );
    const lookups = fc.dictionary(fc.constantFrom('gte', 'lt', 'in', 'isnull', 'startswith', 'ne'), leaf, {
      minKeys: 1,
      maxKeys: 2,
    });
    const nested = fc.dictionary(fc.constantFrom('name', 'size'), fc.oneof(leaf, lookups), { minKeys: 1, maxKeys: 2 });
    const filter = fc.dictionary(
      fc.constantFrom('age', 'name', 'company', 'company.name', 'tags'),
      fc.oneof(leaf, lookups, nested),
      { maxKeys: 3 },
    );
    const outcome = (build: () => Query<any>) => {
      try {
        return build().canonical;
      } catch (error) {
        return `throws ${(error as Error).message}`;
      }
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(filter, fc.boolean()), { minLength: 1, maxLength: 6 }), (calls) => {
        const step = (q: Query<any>, f: unknown, negated: boolean) =>
          negated ? q.exclude(f as never) : q.filter(f as never);
        const built = calls.map(([f, negated]) => outcome(() => step(query(Person), f, negated)));
        calls.forEach(([f, negated], i) => {
          expect(built[i]).toBe(outcome(() => step(unreused(), structuredClone(f), negated)));
          expect(outcome(() => step(query(Person), structuredClone(f), negated))).toBe(built[i]);
        });
      }),
      { numRuns: 500 },
    );
  });
});
