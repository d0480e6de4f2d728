import { describe, expect, it } from 'vitest';
import {
  and,
  cacheKey,
  canonicalize,
  djangoQueryString,
  type Expr,
  InvalidQuery,
  MemoryStore,
  not,
  or,
  Query,
  type QueryState,
  query,
  type Combined,
} from '../../../src/core/index';
import { type Row, Thing } from '../fixtures';

// However deep a query nests (a value, a nested filter, combinators, or a state from elsewhere), the
// answer is an InvalidQuery naming the path and the limit: never a RangeError from the call stack.

const store = new MemoryStore({
  identifier: 'mem',
  data: {
    my_app: {
      thing: [
        { id: 1, a: 1 },
        { id: 2, a: 2 },
      ],
    },
  },
});
const key = (q: Query<any, any, any>) => cacheKey(store, Thing, q);

const DEEP = 10_000;

/** `levels` arrays around `inner`: `[[[inner]]]` is 3 levels. */
const arrays = (levels: number, inner: unknown = 1): unknown => {
  let value = inner;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
/** `levels` objects around `inner`, each under `field`: `{ x: { x: inner } }` is 2 levels. */
const objects = (levels: number, inner: unknown = 1, field = 'x'): Row => {
  let value = inner;
  for (let i = 0; i < levels; i++) value = { [field]: value };
  return value as Row;
};

/** What `build` throws, checked to be an InvalidQuery; `undefined` when it throws nothing. */
function thrown(build: () => unknown): InvalidQuery | undefined {
  try {
    build();
  } catch (error) {
    if (!(error instanceof InvalidQuery)) throw error;
    return error;
  }
  return undefined;
}

/** The limit an error names. */
function limitOf(error: InvalidQuery | undefined): number {
  const limit = /more than (\d+) levels/.exec(error?.message ?? '')?.[1];
  if (limit === undefined) throw new Error(`no limit named in ${String(error?.message)}`);
  return Number(limit);
}

describe('a deep filter value', () => {
  it.each([
    ['objects in an eq lookup', () => query(Thing).filter({ a: { eq: objects(DEEP) } }), 'filter.a.x.x.x'],
    ['objects in an ne lookup', () => query(Thing).filter({ a: { ne: objects(DEEP) } }), 'filter.a.ne.x.x.x'],
    ['arrays as the value', () => query(Thing).filter({ a: arrays(DEEP) }), 'filter.a[0][0][0]'],
    ['arrays in an in lookup', () => query(Thing).filter({ a: { in: [1, arrays(DEEP)] } }), 'filter.a.in[1][0][0]'],
    ['inside or()', () => or<Row>({ a: 1 }, { b: { eq: objects(DEEP) } }), 'or[1].b.x.x'],
  ])('%s is an InvalidQuery naming the path and the limit', (_name, build, path) => {
    const error = thrown(build);
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path.startsWith(path)).toBe(true);
    expect(error!.message.startsWith(error!.path)).toBe(true);
    expect(limitOf(error)).toBeGreaterThanOrEqual(100);
  });

  it('nests up to the limit: such a query is keyed, run, and rebuilt from its state', async () => {
    const limit = limitOf(thrown(() => query(Thing).filter({ a: { eq: arrays(DEEP) } })));
    expect(thrown(() => query(Thing).filter({ a: { eq: arrays(limit + 1) } }))).toBeInstanceOf(InvalidQuery);
    const q = query(Thing).filter({ a: { eq: arrays(limit) } });
    expect(key(q)).toMatch(/^mem:my_app:thing:[0-9a-f]{20}$/);
    expect(canonicalize(q.state)).toBe(q.canonical);
    expect(new Query(q.state).canonical).toBe(q.canonical);
    expect(await store.run(Thing, q)).toEqual([]);
  });
});

describe('a deep nested filter object', () => {
  it('is an InvalidQuery naming the path and the limit', () => {
    const error = thrown(() => query(Thing).filter(objects(DEEP, 1, 'a')));
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path.startsWith('filter.a.a.a')).toBe(true);
    const limit = limitOf(error);
    expect(limit).toBeGreaterThanOrEqual(100);
    expect(thrown(() => query(Thing).filter(objects(limit + 1, 1, 'a')))).toBeInstanceOf(InvalidQuery);
    const q = query(Thing).filter(objects(limit, 1, 'a'));
    expect(q.state.where).toEqual([{ path: Array(limit).fill('a').join('.'), lookup: 'eq', value: 1 }]);
  });

  it('that refers back to itself is still named as circular', () => {
    const circular: Row = { a: {} };
    (circular.a as Row).b = circular;
    expect(() => query(Thing).filter(circular)).toThrow(/circular/);
  });
});

describe('or(), and() and not() nested deep', () => {
  /** Nests `wrap` around a filter until it throws, at most DEEP times: the levels it reached, and the error. */
  function nest(wrap: (inner: Combined<Row>) => Combined<Row>): { levels: number; error: InvalidQuery | undefined } {
    let where = not<Row>({ a: 1 });
    let levels = 1;
    const error = thrown(() => {
      for (; levels < DEEP; levels++) where = wrap(where);
    });
    return { levels, error };
  }

  it.each([
    ['not', (inner: Combined<Row>) => not(inner), 'not'],
    ['or', (inner: Combined<Row>) => or({ b: 2 }, inner), 'or'],
    ['and', (inner: Combined<Row>) => and(inner, { b: 2 }), 'and'],
  ] as const)('%s() nested 10,000 deep is an InvalidQuery naming the call and the limit', (_name, wrap, path) => {
    const { levels, error } = nest(wrap);
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path).toBe(path);
    expect(levels).toBe(limitOf(error));
  });

  it('exclude() counts as one more level', () => {
    const { levels } = nest((inner) => not(inner));
    let where = or<Row>({ a: 1 });
    for (let i = 1; i < levels; i++) where = not(where);
    expect(() => query(Thing).filter(where)).not.toThrow();
    const error = thrown(() => query(Thing).exclude(where));
    expect(error?.path).toBe('exclude');
  });

  it('at the limit, a query is keyed, rebuilt from its state, run, and sent as a query string', async () => {
    const { levels } = nest((inner) => and(inner));
    let where = and<Row>({ a: 1 }, { id: 1 });
    for (let i = 1; i < levels; i++) where = and(where);
    const q = query(Thing).filter(where);
    expect(key(q)).toMatch(/^mem:my_app:thing:/);
    expect(canonicalize(q.state)).toBe(q.canonical);
    expect(new Query(q.state).canonical).toBe(q.canonical);
    expect(await store.run(Thing, q)).toEqual([{ id: 1, a: 1 }]);
    expect(djangoQueryString(q.state, Thing).params.toString()).toBe('a=1&id=1');
  });
});

describe('a deep state from elsewhere (new Query(state))', () => {
  const condition: Expr = { path: 'a', lookup: 'eq', value: 1 };
  const state = (where: Expr): QueryState => ({ ...query(Thing).state, where: [where] });
  const deepNot = (levels: number): Expr => {
    let expr: Expr = condition;
    for (let i = 0; i < levels; i++) expr = { not: expr };
    return expr;
  };
  const deepAnd = (levels: number): Expr => {
    let expr: Expr = condition;
    for (let i = 0; i < levels; i++) expr = { and: [expr] };
    return expr;
  };

  it('is an InvalidQuery naming the path and the limit when keyed', () => {
    const error = thrown(() => key(new Query(state(deepNot(DEEP)))));
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path.startsWith('query.where[0].not.not.not')).toBe(true);
    expect(limitOf(error)).toBeGreaterThanOrEqual(100);
    expect(thrown(() => key(new Query(state(deepAnd(DEEP)))))!.path).toMatch(/^query\.where\[0\]\.and\[0\]\.and\[0\]/);
  });

  it('is an InvalidQuery when run, through a cache or not', async () => {
    const noCache = new MemoryStore({ data: { my_app: { thing: [{ id: 1, a: 1 }] } } });
    await expect(noCache.run(Thing, new Query(state(deepNot(DEEP))))).rejects.toThrow(InvalidQuery);
    await expect(store.run(Thing, new Query(state(deepAnd(DEEP))))).rejects.toThrow(InvalidQuery);
  });

  it('is an InvalidQuery when turned into a query string', () => {
    const error = thrown(() => djangoQueryString(state(deepAnd(DEEP)), Thing));
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path.startsWith('query.where[0].and[0].and[0]')).toBe(true);
  });

  it('with a deep value is an InvalidQuery when keyed', () => {
    const error = thrown(() => key(new Query(state({ path: 'a', lookup: 'eq', value: arrays(DEEP) }))));
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path.startsWith('query.where[0].value[0][0]')).toBe(true);
  });
});

describe('canonicalize', () => {
  it.each([
    ['arrays', arrays(DEEP), 'value[0][0][0]'],
    ['objects', objects(DEEP), 'value.x.x.x'],
  ])('of %s 10,000 deep is an InvalidQuery naming the path and the limit', (_name, value, path) => {
    const error = thrown(() => canonicalize(value, 'value'));
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error!.path.startsWith(path)).toBe(true);
    expect(limitOf(error)).toBeGreaterThanOrEqual(100);
  });
});
