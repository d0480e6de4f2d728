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
});
