import { describe, expect, it } from 'vitest';
import {
  cacheKey,
  ConfigurationError,
  InvalidQuery,
  keyPrefix,
  MemoryCache,
  MemoryStore,
  type Model,
  query,
  QueryObserver,
} from '../../src/core/index';
import { User } from './fixtures';

// Wrong arguments from plain JavaScript (or a cast) get a typed error that names the argument and
// the fix, never a TypeError from deep inside, and never a key that silently lacks a part.

const store = new MemoryStore({ identifier: 'mem', data: { my_app: { user: [{ id: 1 }] } } });
const anonymous = new MemoryStore({ data: { my_app: { user: [{ id: 1 }] } } });
const q = query(User);

const notAStore = [null, undefined, 'mem', 42];
const notAModel = [null, undefined, 'user', 7, [], {}, { app: 'my_app' }, { name: 'user' }];
const notAQuery = [null, undefined, 'query', 3, {}, [], { query: null }, { query: {} }, { state: {} }];
const symbolModels: Model<unknown>[] = [
  { app: Symbol('my_app') as never, name: 'user', plural: 'users', primaryKey: 'id' },
  { app: 'my_app', name: Symbol('user') as never, plural: 'users', primaryKey: 'id' },
];

/** What `run` throws. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('cacheKey', () => {
  it.each(notAStore)('with the store %j is a ConfigurationError naming the store argument', (bad) => {
    const error = thrown(() => cacheKey(bad as never, User, q));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^cacheKey: the store \(first argument\) must be a store .*MemoryStore/);
  });

  it.each(notAModel)('with the model %j is a ConfigurationError naming the model argument', (bad) => {
    const error = thrown(() => cacheKey(store, bad as never, q));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^cacheKey: the model \(second argument\)/);
    expect((error as Error).message).toMatch(/defineModel/);
  });

  it.each(notAQuery)('with the query %j is an InvalidQuery naming the query argument', (bad) => {
    const error = thrown(() => cacheKey(store, User, bad as never));
    expect(error).toBeInstanceOf(InvalidQuery);
    expect((error as Error).message).toMatch(
      /^cacheKey: the query \(third argument\) must be a query such as query\(User\)/,
    );
  });

  it.each(symbolModels)('with a model named by a Symbol is a ConfigurationError', (model) => {
    const error = thrown(() => cacheKey(store, model, q));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/"(app|name)" is symbol Symbol\(/);
  });

  it('still takes a query, a manager, and store-likes written by hand', () => {
    expect(cacheKey(store, User, q)).toMatch(/^mem:my_app:user:[0-9a-f]{20}$/);
    expect(cacheKey(store, User, store.query(User))).toBe(cacheKey(store, User, q));
    expect(cacheKey({ identifier: 'mem' }, User, q)).toBe(cacheKey(store, User, q));
  });
});

describe('keyPrefix', () => {
  it.each(notAStore)('with the store %j is a ConfigurationError naming the store argument', (bad) => {
    const error = thrown(() => keyPrefix(bad as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^keyPrefix: the store \(first argument\)/);
  });

  it.each(notAModel.filter((bad) => bad !== undefined))(
    'with the model %j is a ConfigurationError (only a missing model means the whole store)',
    (bad) => {
      const error = thrown(() => keyPrefix(store, bad as never));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/^keyPrefix: the model \(second argument\)/);
    },
  );

  it('gives the store prefix without a model, and the model prefix with one', () => {
    expect(keyPrefix(store)).toBe('mem:');
    expect(keyPrefix(store, undefined)).toBe('mem:');
    expect(keyPrefix(store, User)).toBe('mem:my_app:user:');
  });
});

describe('a store without identifier (keys only tell queries apart)', () => {
  it.each(symbolModels)(
    'running a query on a model named by a Symbol is a ConfigurationError, not a TypeError',
    async (model) => {
      await expect(anonymous.run(model, q)).rejects.toThrow(ConfigurationError);
      expect(() => new QueryObserver(anonymous, model, q, { cache: null })).toThrow(ConfigurationError);
    },
  );

  it.each(notAModel)('running a query on the model %j is a ConfigurationError', async (bad) => {
    await expect(anonymous.run(bad as never, q)).rejects.toThrow(ConfigurationError);
  });

  it.each(notAQuery)('running the query %j is an InvalidQuery', async (bad) => {
    await expect(anonymous.run(User, bad as never)).rejects.toThrow(InvalidQuery);
    await expect(store.run(User, bad as never, { cache: new MemoryCache() })).rejects.toThrow(InvalidQuery);
  });
});

describe('store.run names the argument that is wrong', () => {
  it.each(notAModel)('the model %j', async (bad) => {
    await expect(store.run(bad as never, q)).rejects.toThrow(/^run: the model \(first argument\) must be a model/);
  });

  it.each(notAQuery)('the query %j', async (bad) => {
    await expect(store.run(User, bad as never)).rejects.toThrow(/^run: the query \(second argument\)/);
  });
});
