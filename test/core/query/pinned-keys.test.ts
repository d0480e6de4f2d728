import { describe, expect, it } from 'vitest';
import { and, defineModel, not, or, type Query, query } from '../../../src/core/index';
import { type Row } from '../fixtures';
import { keyer } from '../keyer';

// Keys are persisted (IndexedDB entries, README examples): a change to the canonical form or the hash
// orphans every stored entry. These literals were computed before the query builder was optimised;
// a failure here means keys changed, never that the literals need updating.

const User = defineModel<Row>({ app: 'my_app', name: 'user' });

const key = keyer('my_store', User);

/** The benchmark's typical query (bench/pages/common.tsx's makeSpec): 3–30 fields. */
function typical(i: number): Query<Row> {
  const names = ['status', 'role', 'team', 'country', 'city', 'plan', 'source', 'tier', 'lang', 'zone'];
  const fields = 3 + (i % 28);
  const filter: Row = { id: { gte: i } };
  for (let f = 1; f < fields - 2; f++) {
    const name = `${names[f % names.length]}${Math.floor(f / names.length) || ''}`;
    filter[name] = f % 3 === 0 ? { in: [`a${f}`, `b${f}`] } : f % 3 === 1 ? `value ${f}` : { lte: f * 10 };
  }
  return query(User)
    .filter(filter)
    .orderBy('-age', 'name')
    .offset((i % 5) * 20)
    .limit(20);
}

const QUERIES: Record<string, () => Query<any, any, any>> = {
  empty: () => query(User),
  readme: () => query(User).filter({ name: 'Ann', age: { gte: 18 } }),
  'typical 0': () => typical(0),
  'typical 1': () => typical(1),
  'typical 13': () => typical(13),
  'typical 27': () => typical(27),
  'every lookup': () =>
    query(User).filter({
      a: { eq: 1, ne: 2, gt: 3, gte: 4, lt: 5, lte: 6, in: [7, 8] },
      b: { contains: 'x', icontains: 'y', startswith: 'z', endswith: 'w', isnull: false, range: [1, 9] },
    }),
  'nested and dotted': () =>
    query(User).filter({ company: { name: 'Acme', address: { city: 'Lyon' } }, 'company.country': 'FR' }),
  'one path, two values': () => query(User).filter({ 'tags.x': { in: ['b', 'c'] }, tags: { x: { in: ['a', 'b'] } } }),
  'or, and, not, exclude': () =>
    query(User)
      .filter(or({ age: { lt: 18 } }, and({ name: 'Bob' }, not({ age: null }))))
      .exclude({ name: { startswith: 'A' }, tags: { contains: 'dev' } })
      .filter({ id: 3 }),
  'odd values': () =>
    query(User).filter({
      date: new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 7)),
      big: { gt: 12345678901234567890n },
      zero: -0,
      float: { lt: 1.5e-7 },
      text: 'quote " backslash \\ newline \n tab \t é 日本 😀 \u0000 \u2028',
      obj: { eq: { z: [1, { y: null, x: undefined }], a: true, __proto__x: 1 } },
      empty: { eq: { arr: [], obj: {} } },
      nulls: null,
    }),
  '__proto__ as data': () =>
    query(User).filter({ value: { eq: JSON.parse('{"__proto__": {"polluted": true}, "b": [1]}') } }),
  'null-prototype value': () =>
    query(User).filter({ value: { eq: Object.assign(Object.create(null), { b: 2, a: 1 }) } }),
  'undefined dropped': () => query(User).filter({ a: 1, b: undefined, c: { gte: undefined, lt: 3 } }),
  values: () => query(User).values('id', 'company.name').distinct().orderBy('name').limit(5),
  'valuesList flat': () => query(User).valuesList('name', { flat: true }).offset(3),
  'valuesList tuples': () => query(User).valuesList('id', 'name').count(),
  first: () => query(User).orderBy('-id').first(),
  last: () => query(User).last(),
  exists: () =>
    query(User)
      .filter({ age: { gte: 100 } })
      .exists(),
  get: () => query(User).get({ id: 3 }),
  aggregate: () =>
    query(User)
      .filter({ age: { gte: 18 } })
      .aggregate({ n: { count: '*' }, mean: { avg: 'age' }, top: { max: 'age' } }),
  'list after count': () => query(User).count().list(),
};

const PINNED: Record<string, string> = {
  empty: 'my_store:my_app:user:47c0d0291847312b6ef4',
  readme: 'my_store:my_app:user:1855c6fb54887d05a02f',
  'typical 0': 'my_store:my_app:user:8e8b3715d3074d2e68d5',
  'typical 1': 'my_store:my_app:user:14d085fb3c8a914a2841',
  'typical 13': 'my_store:my_app:user:3cec9fe2b3cb4ac8e3e3',
  'typical 27': 'my_store:my_app:user:4bd01d67aa31b268b943',
  'every lookup': 'my_store:my_app:user:ef2e5f7bd1732048197a',
  'nested and dotted': 'my_store:my_app:user:d53057d4a792f4d7590a',
  'one path, two values': 'my_store:my_app:user:8e4c39537be24f0eb377',
  'or, and, not, exclude': 'my_store:my_app:user:171ab5d6a842573eb944',
  'odd values': 'my_store:my_app:user:f3198043638775fbbd38',
  '__proto__ as data': 'my_store:my_app:user:72003ce613674f23dbab',
  'null-prototype value': 'my_store:my_app:user:09219b91d24d38691b6f',
  'undefined dropped': 'my_store:my_app:user:5d07cbd0588b4b613081',
  values: 'my_store:my_app:user:d4ad00c90f77afccc9c0',
  'valuesList flat': 'my_store:my_app:user:48ec879aad1e6b7cf010',
  'valuesList tuples': 'my_store:my_app:user:012e4203a29ebe808580',
  first: 'my_store:my_app:user:08bc4b09800156d407cc',
  last: 'my_store:my_app:user:f2c76290cec323dcc367',
  exists: 'my_store:my_app:user:2a3f8f462820ce1eeb1d',
  get: 'my_store:my_app:user:aac67da23ea835d2ed20',
  aggregate: 'my_store:my_app:user:12e0207771fa50f5fa2a',
  'list after count': 'my_store:my_app:user:47c0d0291847312b6ef4',
};

describe('keys never change', () => {
  it('every query keeps its literal key', () => {
    const keys = Object.fromEntries(Object.entries(QUERIES).map(([name, build]) => [name, key(build())]));
    expect(keys).toEqual(PINNED);
  });

  it('a query built twice, or from a shared base, keeps its literal key', () => {
    for (const [name, build] of Object.entries(QUERIES)) {
      build();
      expect(key(build()), name).toBe(PINNED[name]);
    }
    const base = query(User).filter({ name: 'Ann' });
    const narrowed = base.filter({ age: { gte: 18 } });
    key(base);
    expect(key(narrowed)).not.toBe(PINNED.readme); // two filters, not one: a different query
    expect(key(query(User).filter({ age: { gte: 18 }, name: 'Ann' }))).toBe(PINNED.readme);
    const shared = typical(13);
    key(shared);
    expect(key(shared.limit(20))).toBe(PINNED['typical 13']);
    expect(key(shared.limit(21).limit(20))).toBe(PINNED['typical 13']);
  });

  it('canonical forms keep their literal text', () => {
    expect(query(User).canonical).toBe(
      '{"action":"list","aggregate":null,"distinct":false,"fields":[],"limit":null,"offset":0,"orderBy":[],"shape":"rows","where":[]}',
    );
    expect(QUERIES.readme!().canonical).toBe(
      '{"action":"list","aggregate":null,"distinct":false,"fields":[],"limit":null,"offset":0,"orderBy":[],"shape":"rows","where":[{"and":[{"lookup":"gte","path":"age","value":18},{"lookup":"eq","path":"name","value":"Ann"}]}]}',
    );
    const odd = query(User)
      .filter(or({ age: { lt: 18 } }, not({ name: null })))
      .exclude({ d: new Date(0), b: 1n, z: { eq: JSON.parse('{"__proto__":[-0]}') } })
      .valuesList('name', { flat: true })
      .distinct()
      .offset(2)
      .limit(3)
      .get();
    expect(odd.canonical).toBe(
      '{"action":"get","aggregate":null,"distinct":true,"fields":["name"],"limit":3,"offset":2,"orderBy":[],"shape":"flat","where":[{"or":[{"lookup":"lt","path":"age","value":18},{"not":{"lookup":"eq","path":"name","value":null}}]},{"not":{"and":[{"lookup":"eq","path":"b","value":1n},{"lookup":"eq","path":"d","value":Date(1970-01-01T00:00:00.000Z)},{"lookup":"eq","path":"z","value":{"__proto__":[0]}}]}}]}',
    );
    expect(QUERIES.aggregate!().canonical).toContain(
      '"aggregate":{"mean":{"field":"age","fn":"avg"},"n":{"field":"*","fn":"count"},"top":{"field":"age","fn":"max"}}',
    );
  });
});
