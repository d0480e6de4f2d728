import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  type Action,
  cacheKey,
  ConfigurationError,
  defineModel,
  keyPrefix,
  MemoryCache,
  type Model,
  type Query,
  query,
  Store,
} from '../../src/core/index';

interface User {
  id: number;
  name: string;
  age: number;
  tags: string[];
  company: { name: string; country: string };
}
const User = defineModel<User>({ app: 'my_app', name: 'user' });

/** A store whose backend counts its calls and answers with a value naming the store. */
class CountingStore extends Store {
  calls = 0;
  protected async execute(model: Model<unknown>, _q: Query<unknown, unknown, Action>): Promise<unknown> {
    this.calls++;
    return `${this.identifier} answered ${model.app}.${model.name} (call ${this.calls})`;
  }
}

const store = new CountingStore({ identifier: 'mem' });
const key = (q: Query<any, any, any>) => cacheKey(store, User, q);
const KEY = /^mem:my_app:user:[0-9a-f]{20}$/;

describe('key format', () => {
  it('is identifier:app:name:<20 lowercase hex>', () => {
    expect(key(query(User))).toMatch(KEY);
    expect(
      key(
        query(User)
          .filter({ age: { gte: 18 } })
          .orderBy('-age')
          .limit(10),
      ),
    ).toMatch(KEY);
  });

  it('keyPrefix gives the prefix of every key of a store, and of one model on it', () => {
    const Users = defineModel({ app: 'my_app', name: 'users' });
    expect(keyPrefix(store)).toBe('mem:');
    expect(keyPrefix(store, User)).toBe('mem:my_app:user:');
    expect(key(query(User)).startsWith(keyPrefix(store, User))).toBe(true);
    expect(cacheKey(store, Users, query()).startsWith(keyPrefix(store, User))).toBe(false);
  });
});

describe('same query, same key', () => {
  it('building the same query twice gives the same key', () => {
    const build = () =>
      query(User)
        .filter({ age: { gte: 18 } })
        .exclude({ name: 'Bob' })
        .orderBy('-age', 'name')
        .offset(5)
        .limit(10);
    expect(key(build())).toBe(key(build()));
  });

  it('the order of keys in a filter object does not matter', () => {
    expect(key(query(User).filter({ age: 18, name: 'Ann' }))).toBe(key(query(User).filter({ name: 'Ann', age: 18 })));
  });

  it('the order of lookups on one field does not matter', () => {
    expect(key(query(User).filter({ age: { gte: 18, lt: 65 } }))).toBe(
      key(query(User).filter({ age: { lt: 65, gte: 18 } })),
    );
  });

  it('the order of keys in nested filters does not matter', () => {
    expect(key(query(User).filter({ company: { name: 'Acme', country: 'FR' }, id: 1 }))).toBe(
      key(query(User).filter({ id: 1, company: { country: 'FR', name: 'Acme' } })),
    );
  });

  it('the order of keys in an object value does not matter', () => {
    const a = query(User).filter({ company: { eq: { name: 'Acme', country: 'FR' } } });
    const b = query(User).filter({ company: { eq: { country: 'FR', name: 'Acme' } } });
    expect(key(a)).toBe(key(b));
  });

  it('a nested filter and its dotted form are one query', () => {
    expect(key(query(User).filter({ company: { name: 'Acme' } }))).toBe(
      key(query(User).filter({ 'company.name': 'Acme' })),
    );
  });

  it('two conditions on one field (dotted and nested) are ordered by value, not by key order', () => {
    const a = query(User).filter({
      'company.name': { in: ['Acme', 'Globex'] },
      company: { name: { in: ['Globex', 'Initech'] } },
    });
    const b = query(User).filter({
      company: { name: { in: ['Globex', 'Initech'] } },
      'company.name': { in: ['Acme', 'Globex'] },
    });
    expect(key(a)).toBe(key(b));
  });

  it('eq written out is the default lookup', () => {
    expect(key(query(User).filter({ age: { eq: 18 } }))).toBe(key(query(User).filter({ age: 18 })));
  });
});

describe('different queries, different keys', () => {
  it('every different part of a query gives a different key', () => {
    const base = query(User);
    const queries = [
      base,
      base.filter({ age: 18 }),
      base.filter({ age: 19 }),
      base.filter({ age: '18' } as never),
      base.filter({ age: null }),
      base.filter({ age: { gt: 18 } }),
      base.filter({ age: { gte: 18 } }),
      base.filter({ name: { in: ['a', 'b'] } }),
      base.filter({ name: { in: ['b', 'a'] } }),
      base.exclude({ age: 18 }),
      base.orderBy('age'),
      base.orderBy('-age'),
      base.orderBy('age', 'name'),
      base.orderBy('name', 'age'),
      base.limit(10),
      base.limit(11),
      base.offset(10),
      base.values('name'),
      base.valuesList('name'),
      base.valuesList('name', { flat: true }),
      base.distinct(),
      base.count(),
      base.first(),
      base.last(),
      base.exists(),
      base.get(),
      base.aggregate({ n: { count: '*' } }),
      base.aggregate({ n: { max: 'age' } }),
    ];
    const keys = queries.map(key);
    expect(new Set(keys).size).toBe(queries.length);
  });

  it('different models give different keys', () => {
    const q = query().filter({ id: 1 });
    const keys = [
      cacheKey(store, defineModel({ app: 'my_app', name: 'user' }), q),
      cacheKey(store, defineModel({ app: 'my_app', name: 'group' }), q),
      cacheKey(store, defineModel({ app: 'other_app', name: 'user' }), q),
    ];
    expect(keys[0]).toMatch(/^mem:my_app:user:/);
    expect(keys[1]).toMatch(/^mem:my_app:group:/);
    expect(keys[2]).toMatch(/^mem:other_app:user:/);
    expect(new Set(keys.map((k) => k.slice(-20))).size).toBe(1);
  });

  it('different stores give different keys', () => {
    const q = query(User).filter({ id: 1 });
    expect(cacheKey(new CountingStore({ identifier: 'one' }), User, q)).toMatch(/^one:my_app:user:[0-9a-f]{20}$/);
    expect(cacheKey(new CountingStore({ identifier: 'two' }), User, q)).toMatch(/^two:my_app:user:[0-9a-f]{20}$/);
  });
});

describe('a query value is hashed once', () => {
  it('keying the same query again (every render of a query kept in a variable) reuses its hash', () => {
    const q = query(User)
      .filter({ age: { gte: 18 } })
      .orderBy('-age');
    const canonical = vi.spyOn(q, 'canonical', 'get');
    const first = cacheKey(new CountingStore({ identifier: 'one' }), User, q);
    expect(cacheKey(new CountingStore({ identifier: 'one' }), User, q)).toBe(first);
    expect(cacheKey(new CountingStore({ identifier: 'two' }), User, q)).toBe(first.replace(/^one:/, 'two:'));
    expect(canonical).toHaveBeenCalledTimes(1);
  });
});

describe('managers and queries', () => {
  it('store.query(Model) chains give the same key as the equivalent query()', () => {
    const manager = store
      .query(User)
      .filter({ age: { gte: 18 } })
      .orderBy('-age')
      .limit(5);
    const plain = query(User)
      .filter({ age: { gte: 18 } })
      .orderBy('-age')
      .limit(5);
    expect(manager.key).toBe(key(plain));
    expect(cacheKey(store, User, manager)).toBe(key(plain));
    expect(store.key(User, plain)).toBe(key(plain));
  });

  it('a manager with a different query has a different key', () => {
    expect(store.query(User).filter({ age: 1 }).key).not.toBe(store.query(User).filter({ age: 2 }).key);
  });
});

describe('names that become part of keys', () => {
  it('cacheKey on a store without an identifier is a ConfigurationError', () => {
    const anonymous = new CountingStore();
    expect(() => cacheKey(anonymous, User, query(User))).toThrow(ConfigurationError);
    expect(() => anonymous.key(User, query(User))).toThrow(ConfigurationError);
    expect(() => cacheKey({}, User, query(User))).toThrow(/identifier/);
  });

  it('"a:b" + "c" cannot collide with "a" + "b:c": a name holding ":" is refused everywhere', () => {
    expect(() => defineModel({ app: 'a:b', name: 'c' })).toThrow(ConfigurationError);
    expect(() => defineModel({ app: 'a', name: 'b:c' })).toThrow(ConfigurationError);
    expect(() => new CountingStore({ identifier: 'a:b' })).toThrow(ConfigurationError);
    // Models and store-likes written by hand, without defineModel or a Store, are checked when keyed.
    const handMade = (app: string, name: string): Model<unknown> => ({
      app,
      name,
      plural: `${name}s`,
      primaryKey: 'id',
    });
    expect(() => cacheKey(store, handMade('a:b', 'c'), query())).toThrow(ConfigurationError);
    expect(() => cacheKey(store, handMade('a', 'b:c'), query())).toThrow(ConfigurationError);
    expect(() => cacheKey({ identifier: 'a:b' }, User, query())).toThrow(ConfigurationError);
    expect(() => keyPrefix({ identifier: 'a:b' })).toThrow(ConfigurationError);
  });

  it('any allowed names give a key that splits back into exactly those names', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
    fc.assert(
      fc.property(name, name, name, (identifier, app, modelName) => {
        const k = cacheKey(new CountingStore({ identifier }), defineModel({ app, name: modelName }), query());
        const parts = k.split(':');
        expect(parts.slice(0, 3)).toEqual([identifier, app, modelName]);
        expect(parts).toHaveLength(4);
      }),
    );
  });
});

describe('one cache shared by several stores', () => {
  it('the same query on two stores is two entries, never one served for the other', async () => {
    const cache = new MemoryCache();
    const one = new CountingStore({ identifier: 'one', cache });
    const two = new CountingStore({ identifier: 'two', cache });
    const q = query(User).filter({ age: { gte: 18 } });

    expect(await one.run(User, q)).toBe('one answered my_app.user (call 1)');
    expect(await two.run(User, q)).toBe('two answered my_app.user (call 1)');
    expect([one.calls, two.calls]).toEqual([1, 1]);

    expect(await one.run(User, q)).toBe('one answered my_app.user (call 1)');
    expect(await two.run(User, q)).toBe('two answered my_app.user (call 1)');
    expect([one.calls, two.calls]).toEqual([1, 1]);

    expect(cache.keys()).toEqual([one.key(User, q), two.key(User, q)]);
    expect(one.key(User, q)).not.toBe(two.key(User, q));
  });

  it('invalidating one store leaves the other cached', async () => {
    const cache = new MemoryCache();
    const one = new CountingStore({ identifier: 'one', cache });
    const two = new CountingStore({ identifier: 'two', cache });
    const q = query(User);
    await one.run(User, q);
    await two.run(User, q);
    await cache.invalidate(keyPrefix(one));
    await one.run(User, q);
    await two.run(User, q);
    expect([one.calls, two.calls]).toEqual([2, 1]);
  });
});
