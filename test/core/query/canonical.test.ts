import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { and, canonicalize, InvalidQuery, not, or, Query, query, type Combined } from '../../../src/core/index';
import { type Row, Thing } from '../fixtures';
import { keyer } from '../keyer';

const key = keyer('mem', Thing);
/** The key of `filter({ value: { eq: value } })`: an arbitrary value compared whole. */
const keyOfValue = (value: unknown) => key(query(Thing).filter({ value: { eq: value } }));

/** The InvalidQuery that `build` throws (fails the test if it throws anything else, or nothing). */
function invalid(build: () => unknown): InvalidQuery {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidQuery);
    return error as InvalidQuery;
  }
  throw new Error('expected an InvalidQuery, but nothing was thrown');
}

/** Structural equality of JSON-like values; `===` on leaves, so 0 and -0 are equal, as in a query. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const ra = a as Row;
  const rb = b as Row;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

/** A deep copy whose object keys are shuffled (by `seed`), kept as own data properties even for `__proto__`. */
function reorder(value: unknown, seed: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => reorder(item, seed + i + 1));
  const keys = Object.keys(value);
  let s = seed >>> 0;
  for (let i = keys.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: Row = {};
  for (const k of keys) {
    Object.defineProperty(out, k, {
      value: reorder((value as Row)[k], seed + k.length),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe('what cannot be keyed is an InvalidQuery naming where it is', () => {
  class Foo {}
  const circularObject = (): unknown => {
    const node: Row = { id: 1 };
    node.self = node;
    return node;
  };
  const circularArray = (): unknown => {
    const list: unknown[] = [1];
    list.push(list);
    return list;
  };
  // [what, the bad value, the path below the bad slot, words the message must hold]
  const cases: [string, () => unknown, string, RegExp][] = [
    ['a function', () => () => 1, '', /function/],
    ['a symbol', () => Symbol('s'), '', /symbol/],
    ['a class instance', () => new Foo(), '', /instance of Foo/],
    ['a Map', () => new Map([['a', 1]]), '', /instance of Map/],
    ['a RegExp', () => /a+/, '', /instance of RegExp/],
    ['NaN', () => Number.NaN, '', /NaN/],
    ['Infinity', () => Number.POSITIVE_INFINITY, '', /Infinity/],
    ['-Infinity', () => Number.NEGATIVE_INFINITY, '', /-Infinity/],
    ['an invalid Date', () => new Date('not a date'), '', /invalid Date/],
    ['a circular object', circularObject, '.self', /circular/],
    ['a circular array', circularArray, '[1]', /circular/],
  ];

  it.each(cases)('%s, through filter(): the path is filter.tags.in[1]…', (_what, bad, below, words) => {
    const error = invalid(() => query(Thing).filter({ tags: { in: ['a', bad()] } }));
    expect(error.path).toBe(`filter.tags.in[1]${below}`);
    expect(error.message).toContain(`filter.tags.in[1]${below}`);
    expect(error.message).toMatch(words);
  });

  it.each(cases)('%s, as a field value: the path is filter.a.b…', (_what, bad, below) => {
    const error = invalid(() => query(Thing).filter({ a: { b: bad() } }));
    expect(error.path).toBe(`filter.a.b${below}`);
  });

  it.each(cases)('%s, through exclude(): the path starts with exclude', (_what, bad, below) => {
    const error = invalid(() => query(Thing).exclude({ tags: { in: ['a', bad()] } }));
    expect(error.path).toBe(`exclude.tags.in[1]${below}`);
    expect(error.message).toContain(`exclude.tags.in[1]${below}`);
  });

  it.each(cases)('%s, through canonicalize(): the path starts with query', (_what, bad, below, words) => {
    const error = invalid(() => canonicalize({ where: [{ value: bad() }] }));
    expect(error.path).toBe(`query.where[0].value${below}`);
    expect(error.message).toMatch(words);
  });

  it("a bad value after nested siblings is named by its own path, not a sibling's", () => {
    const value = { a: { x: [1, { y: 2 }] }, b: [{ c: 1 }, { d: Number.NaN }], e: 1 };
    expect(invalid(() => canonicalize(value)).path).toBe('query.b[1].d');
    expect(invalid(() => canonicalize({ a: [[], [1, 2]], b: { c: Symbol('s') } }, 'filter')).path).toBe('filter.b.c');
  });

  it('a symbol as a direct filter value names its field', () => {
    expect(invalid(() => query(Thing).filter({ kind: Symbol('k') })).path).toBe('filter.kind');
  });

  it('a shared (not circular) object is fine', () => {
    const shared = { a: 1 };
    expect(canonicalize({ x: shared, y: [shared, shared] })).toBe('{"x":{"a":1},"y":[{"a":1},{"a":1}]}');
  });

  it('an object without a prototype is plain data', () => {
    const bare = Object.assign(Object.create(null) as Row, { b: 2, a: 1 });
    expect(canonicalize(bare)).toBe(canonicalize({ a: 1, b: 2 }));
    expect(keyOfValue(bare)).toBe(keyOfValue({ a: 1, b: 2 }));
  });
});

describe('Dates', () => {
  const iso = '2024-01-02T03:04:05.678Z';

  it('a Date, its ISO string and { $date: iso } are three different values', () => {
    const forms = [canonicalize(new Date(iso)), canonicalize(iso), canonicalize({ $date: iso })];
    expect(new Set(forms).size).toBe(3);
    const keys = [keyOfValue(new Date(iso)), keyOfValue(iso), keyOfValue({ $date: iso })];
    expect(new Set(keys).size).toBe(3);
  });

  it('a Date and its epoch milliseconds are different values', () => {
    expect(canonicalize(new Date(iso))).not.toBe(canonicalize(Date.parse(iso)));
  });

  it('two equal Dates are the same value', () => {
    expect(canonicalize(new Date(iso))).toBe(canonicalize(new Date(Date.parse(iso))));
    expect(keyOfValue(new Date(iso))).toBe(keyOfValue(new Date(iso)));
  });

  it('Dates one millisecond apart are different values', () => {
    const t = Date.parse(iso);
    expect(keyOfValue(new Date(t))).not.toBe(keyOfValue(new Date(t + 1)));
  });
});

describe('numbers', () => {
  it('-0 and 0 are the same value', () => {
    expect(canonicalize(-0)).toBe(canonicalize(0));
    expect(key(query(Thing).filter({ n: -0 }))).toBe(key(query(Thing).filter({ n: 0 })));
  });

  it('a number and its string are different values', () => {
    expect(canonicalize(1)).not.toBe(canonicalize('1'));
    expect(key(query(Thing).filter({ n: 1 }))).not.toBe(key(query(Thing).filter({ n: '1' })));
  });
});

describe('undefined', () => {
  it('undefined object members are dropped', () => {
    expect(canonicalize({ a: 1, b: undefined })).toBe(canonicalize({ a: 1 }));
    expect(key(query(Thing).filter({ a: 1, b: undefined }))).toBe(key(query(Thing).filter({ a: 1 })));
    expect(keyOfValue({ a: 1, b: undefined })).toBe(keyOfValue({ a: 1 }));
  });

  it('undefined array items keep their place', () => {
    expect(canonicalize([1, undefined])).not.toBe(canonicalize([1]));
  });
});

describe('__proto__ and friends are data', () => {
  afterEach(() => {
    expect(({} as Row).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });
  const evil = () => JSON.parse('{"__proto__": {"polluted": true}}') as Row;

  it('canonicalize keeps a __proto__ key as a key', () => {
    expect(canonicalize(evil())).toBe('{"__proto__":{"polluted":true}}');
  });

  it('as a filter value: builds, keys, and differs from the same filter without it', () => {
    const q = query(Thing).filter({ value: { eq: evil() } });
    expect(key(q)).toMatch(/^mem:my_app:thing:[0-9a-f]{20}$/);
    expect(key(q)).not.toBe(keyOfValue({}));
    expect(key(q)).not.toBe(keyOfValue({ polluted: true }));
    expect(key(q)).toBe(keyOfValue(evil()));
    const copied = (q.state.where[0] as { value: Row }).value;
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['__proto__']);
  });

  it('as a filter object: builds, keys, and differs from a filter without it', () => {
    const q = query(Thing).filter(evil());
    expect(key(q)).toMatch(/^mem:my_app:thing:[0-9a-f]{20}$/);
    expect(key(q)).not.toBe(key(query(Thing)));
    expect(key(q)).not.toBe(key(query(Thing).filter({ polluted: true })));
    expect(key(q)).toBe(key(query(Thing).filter(evil())));
  });

  it('constructor and prototype keys are plain fields too', () => {
    const q = query(Thing).filter({ constructor: { prototype: { polluted: true } } } as Row);
    expect(key(q)).not.toBe(key(query(Thing).filter({ polluted: true })));
    expect(key(q)).toBe(key(query(Thing).filter({ 'constructor.prototype.polluted': true })));
  });
});

describe('property: key order never matters, structure always does', () => {
  // Dotted names next to nested ones: { 'a.b': …, a: { b: … } } puts two conditions on one path.
  const field = fc.constantFrom('a', 'b', 'a.b', 'name', 'company', 'company.name', 'tags');
  const leaf = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
  );
  const lookups = fc
    .record(
      {
        ne: leaf,
        gte: fc.integer(),
        lt: fc.string({ maxLength: 4 }),
        in: fc.array(fc.integer(), { maxLength: 3 }),
        icontains: fc.string({ maxLength: 4 }),
        isnull: fc.boolean(),
        range: fc.tuple(fc.integer(), fc.integer()),
        eq: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .filter((o) => Object.keys(o).length > 0);
  const { filter } = fc.letrec((tie) => ({
    filter: fc.dictionary(field, tie('fieldValue'), { minKeys: 1, maxKeys: 4 }),
    fieldValue: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, lookups, tie('filter')),
  }));
  const json = fc.jsonValue({ maxDepth: 3 });

  it('a deep key-reordered copy of a filter gives the same key', () => {
    fc.assert(
      fc.property(filter, fc.integer(), (f, seed) => {
        const copy = reorder(f, seed) as Row;
        expect(key(query(Thing).filter(copy))).toBe(key(query(Thing).filter(f as Row)));
      }),
      { numRuns: 1000 },
    );
  });

  it('the canonical form the builder writes as it goes is the one a walk of the whole state gives', () => {
    // The builder keys filters while it copies them (no second walk for a query written in render):
    // whatever the chain, that must be exactly canonicalize(state), also for a query rebuilt from its state.
    const where: fc.Arbitrary<Row | Combined<Row>> = fc.letrec<{ where: Row | Combined<Row> }>((tie) => ({
      where: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        filter as fc.Arbitrary<Row>,
        fc.array(tie('where'), { minLength: 0, maxLength: 3 }).map((parts) => or<Row>(...parts)),
        fc.array(tie('where'), { minLength: 0, maxLength: 3 }).map((parts) => and<Row>(...parts)),
        tie('where').map((part) => not<Row>(part)),
      ),
    })).where;
    const step = fc.oneof(
      where.map((w) => (q: Query<Row, any, any>) => q.filter(w)),
      where.map((w) => (q: Query<Row, any, any>) => q.exclude(w)),
      fc
        .array(fc.constantFrom('a', '-b', 'company.name'), { minLength: 1, maxLength: 3 })
        .map((f) => (q: Query<Row, any, any>) => q.orderBy(...f)),
      fc.nat(50).map((n) => (q: Query<Row, any, any>) => q.limit(n)),
      fc.nat(50).map((n) => (q: Query<Row, any, any>) => q.offset(n)),
      fc.constant((q: Query<Row, any, any>) => q.values('a', 'b')),
      fc.constant((q: Query<Row, any, any>) => q.distinct()),
      fc.constant((q: Query<Row, any, any>) => q.count()),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
        const built = steps.reduce<Query<Row, any, any>>((q, apply) => apply(q), query(Thing));
        expect(built.canonical).toBe(canonicalize(built.state));
        expect(new Query(built.state).canonical).toBe(built.canonical);
      }),
      { numRuns: 1000 },
    );
  });

  it('a deep key-reordered copy of any JSON value is the same value', () => {
    fc.assert(
      fc.property(json, fc.integer(), (value, seed) => {
        const copy = reorder(value, seed);
        expect(canonicalize(copy)).toBe(canonicalize(value));
        expect(keyOfValue(copy)).toBe(keyOfValue(value));
      }),
      { numRuns: 500 },
    );
  });

  it('two structurally different JSON values have different canonical forms and keys', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        fc.pre(!deepEqual(a, b));
        expect(canonicalize(a)).not.toBe(canonicalize(b));
        expect(keyOfValue(a)).not.toBe(keyOfValue(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('a value and a small change of it differ', () => {
    // Random pairs are mostly far apart; this also tries pairs one edit apart.
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 3 }), json, { maxKeys: 4 }),
        fc.string({ maxLength: 3 }),
        json,
        (base, k, v) => {
          const changed = reorder(base, 0) as Row;
          Object.defineProperty(changed, k, { value: v, enumerable: true, writable: true, configurable: true });
          fc.pre(!deepEqual(base, changed));
          expect(canonicalize(changed)).not.toBe(canonicalize(base));
          expect(keyOfValue(changed)).not.toBe(keyOfValue(base));
        },
      ),
      { numRuns: 500 },
    );
  });
});
