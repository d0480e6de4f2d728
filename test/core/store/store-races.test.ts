import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  Cache,
  type CacheEntry,
  ConfigurationError,
  defineModel,
  type ExecuteOptions,
  keyPrefix,
  MemoryCache,
  MemoryStore,
  type Model,
  type Query,
  query,
} from '../../../src/core/index';
import { ControlledStore, count, setup, tick } from '../controlled-store';
import { User } from '../fixtures';

const removals = {
  'delete(key)': (cache: Cache, key: string) => cache.delete(key),
  'invalidate(model prefix)': (cache: Cache) => cache.invalidate('s:my_app:user:'),
  'invalidate(store prefix)': (cache: Cache) => cache.invalidate('s:'),
  'clear()': (cache: Cache) => cache.clear(),
};

describe('a removal wins over a backend call in flight', () => {
  for (const [name, remove] of Object.entries(removals)) {
    it(`${name} while the call runs: its answer is not cached, and every waiter gets a fresh one from one new call`, async () => {
      const { cache, store, key } = setup();
      const waiters = [store.run(User, count), store.run(User, count), store.run(User, count, { refresh: true })];
      await tick();
      expect(store.pending).toHaveLength(1);
      await remove(cache, key);
      store.pending[0]!.resolve('before the removal');
      await tick();
      expect(cache.peek(key)).toBeUndefined();
      // One new call for the three waiters.
      expect(store.pending).toHaveLength(2);
      store.pending[1]!.resolve('after the removal');
      expect(await Promise.all(waiters)).toEqual(['after the removal', 'after the removal', 'after the removal']);
      expect(cache.peek(key)).toBe('after the removal');
    });
  }

  it('a caller that comes after the removal does not join the overtaken call', async () => {
    const { cache, store, key } = setup();
    const first = store.run(User, count);
    await tick();
    await cache.delete(key);
    const second = store.run(User, count);
    await tick();
    expect(store.pending).toHaveLength(2);
    store.pending[1]!.resolve('fresh');
    store.pending[0]!.resolve('stale');
    expect(await Promise.all([first, second])).toEqual(['fresh', 'fresh']);
    expect(store.pending).toHaveLength(2);
    expect(cache.peek(key)).toBe('fresh');
  });

  it('a removal of another key or prefix changes nothing', async () => {
    const { cache, store, key } = setup();
    const waiter = store.run(User, count);
    await tick();
    await cache.delete(`${key}x`);
    await cache.invalidate('s:other_app:');
    store.pending[0]!.resolve(3);
    expect(await waiter).toBe(3);
    expect(store.pending).toHaveLength(1);
    expect(cache.peek(key)).toBe(3);
  });

  it('a newer write while the call runs is kept, and the waiters get it', async () => {
    const { cache, store, key } = setup();
    const waiter = store.run(User, count);
    await tick();
    await cache.set(key, 'written meanwhile');
    store.pending[0]!.resolve('older');
    expect(await waiter).toBe('written meanwhile');
    expect(cache.peek(key)).toBe('written meanwhile');
    expect(store.pending).toHaveLength(1);
  });

  it('a removal during a slow cache read: what the read found is not served', async () => {
    const cache = new SlowReads();
    const store = new ControlledStore({ identifier: 's', cache });
    const key = store.key(User, count);
    await cache.set(key, 'removed');
    const waiter = store.run(User, count);
    await tick();
    await cache.delete(key);
    cache.release();
    await tick();
    // Read again: a miss now.
    cache.release();
    await tick();
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve('fresh');
    expect(await waiter).toBe('fresh');
  });
});

describe('a backend answer does not wait for persistence', () => {
  it('run() resolves, and the value is readable, while the cache is still persisting it; set() waits', async () => {
    const cache = new StuckPersistence();
    const store = new MemoryStore({ identifier: 's', cache, data: { my_app: { user: [{ id: 1, age: 3 }] } } });
    const settled = await Promise.race([store.run(User, count), tick().then(() => 'still waiting')]);
    expect(settled).toBe(1);
    expect(cache.peek(store.key(User, count))).toBe(1);
    expect(await Promise.race([cache.set('k', 2), tick().then(() => 'still waiting')])).toBe('still waiting');
  });
});

describe('options are checked for each caller, before any backend call', () => {
  it("one caller's bad timeout fails only that caller", async () => {
    const { store } = setup();
    const good = store.run(User, count);
    const bad = store.run(User, count, { timeout: -1 });
    await expect(bad).rejects.toThrow(RangeError);
    await tick();
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(3);
    expect(await good).toBe(3);
  });

  it('a bad timeout alone never reaches the backend', async () => {
    const { store } = setup();
    await expect(store.run(User, count, { timeout: Number.NaN })).rejects.toThrow(
      /timeout must be a number of seconds/,
    );
    await tick();
    expect(store.pending).toHaveLength(0);
  });

  it("a store's cache, or a run's, that is not a Cache is a ConfigurationError", async () => {
    const map = new Map();
    expect(() => new ControlledStore({ identifier: 's', cache: map as never })).toThrow(ConfigurationError);
    expect(() => new ControlledStore({ identifier: 's', cache: map as never })).toThrow(
      /"cache" option must be a Cache.*instance of Map/,
    );
    const { store } = setup();
    await expect(store.run(User, count, { cache: {} as never })).rejects.toThrow(ConfigurationError);
  });
});

describe('random interleavings of runs, answers, writes and removals', () => {
  const Group = defineModel<{ id: number }>({ app: 'my_app', name: 'group' });
  const targets = [
    { model: User, query: query(User).count() },
    {
      model: User,
      query: query(User)
        .filter({ age: { gte: 18 } })
        .count(),
    },
    { model: Group, query: query(Group).count() },
  ] as const;

  /** Backend answers are the clock time their call started: the higher, the fresher. */
  class ClockStore extends ControlledStore {
    constructor(
      cache: Cache,
      readonly now: () => number,
    ) {
      super({ identifier: 's', cache });
    }
    protected override execute(model: Model<unknown>, q: Query<unknown, unknown, Action>, options: ExecuteOptions) {
      const started = this.now();
      return super.execute(model, q, options).then(() => started);
    }
  }

  const target = fc.nat({ max: targets.length - 1 });
  const command = fc.oneof(
    fc.record({ op: fc.constant('run' as const), target, refresh: fc.boolean() }),
    fc.record({ op: fc.constant('answer' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('fail' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('set' as const), target }),
    fc.record({ op: fc.constant('delete' as const), target }),
    fc.record({ op: fc.constant('invalidate' as const), target }),
    fc.record({ op: fc.constant('clear' as const) }),
  );

  it('never leave in the cache, nor hand a caller, a value older than the last removal or write', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 40 }), async (commands) => {
        let clock = 0;
        const now = () => ++clock;
        const cache = new MemoryCache();
        const store = new ClockStore(cache, now);
        const keys = targets.map(({ model, query: q }) => store.key(model, q));
        /** The time of the last removal, and of the last direct write, of each key. */
        const removedAt = keys.map(() => 0);
        const writtenAt = keys.map(() => 0);
        const runs: { target: number; removals: number[]; answer?: unknown }[] = [];
        const removed = (index: number) => {
          const at = now();
          removedAt[index] = at;
          for (const run of runs) if (run.target === index && !('answer' in run)) run.removals.push(at);
        };

        for (const c of commands) {
          const live = store.pending.filter((call) => !call.signal.aborted);
          if (c.op === 'run') {
            const run: (typeof runs)[number] = { target: c.target, removals: [] };
            runs.push(run);
            const { model, query: q } = targets[c.target]!;
            store.run(model, q, { refresh: c.refresh }).then(
              (answer) => (run.answer = answer),
              () => (run.answer = 'failed'),
            );
          } else if (c.op === 'answer' || c.op === 'fail') {
            const call = live[c.pick % Math.max(live.length, 1)];
            if (c.op === 'answer') call?.resolve(undefined);
            else call?.reject(new Error('backend down'));
            store.pending = store.pending.filter((pending) => pending !== call);
          } else if (c.op === 'set') {
            writtenAt[c.target] = now();
            await cache.set(keys[c.target]!, writtenAt[c.target]);
          } else if (c.op === 'delete') {
            removed(c.target);
            await cache.delete(keys[c.target]!);
          } else if (c.op === 'invalidate') {
            const prefix = keyPrefix(store, targets[c.target]!.model);
            keys.forEach((key, index) => key.startsWith(prefix) && removed(index));
            await cache.invalidate(prefix);
          } else {
            keys.forEach((_, index) => removed(index));
            await cache.clear();
          }
          await tick();

          keys.forEach((key, index) => {
            const held = cache.peek<number>(key);
            if (held !== undefined) expect(held).toBeGreaterThan(Math.max(removedAt[index]!, writtenAt[index]! - 1));
          });
          for (const run of runs) {
            if (typeof run.answer === 'number' && run.removals.length > 0)
              expect(run.answer).toBeGreaterThan(Math.max(...run.removals));
          }
        }

        // Every caller gets an answer once the backend answers everything.
        for (let round = 0; round < 20 && store.pending.some((call) => !call.signal.aborted); round++) {
          for (const call of store.pending.splice(0)) call.resolve(undefined);
          await tick();
        }
        expect(runs.every((run) => 'answer' in run)).toBe(true);
      }),
      { numRuns: 300 },
    );
    // 300 random histories: about 2 s alone, more beside the browser projects.
  }, 60_000);
});

/** A cache whose reads answer with the entry they found when asked, once the test releases them. */
class SlowReads extends Cache {
  held = new Map<string, CacheEntry>();
  #waiting: (() => void)[] = [];
  release(): void {
    for (const resume of this.#waiting.splice(0)) resume();
  }
  protected peekEntry(): CacheEntry | undefined {
    return undefined;
  }
  protected readEntry(key: string): Promise<CacheEntry | undefined> {
    const found = this.held.get(key);
    return new Promise((resolve) => this.#waiting.push(() => resolve(found)));
  }
  protected writeEntry(key: string, entry: CacheEntry): void {
    this.held.set(key, entry);
  }
  protected deleteEntry(key: string, expected?: CacheEntry): void {
    if (expected === undefined || this.held.get(key) === expected) this.held.delete(key);
  }
  protected deletePrefix(prefix: string): void {
    for (const key of [...this.held.keys()]) if (key.startsWith(prefix)) this.held.delete(key);
  }
  protected deleteAll(): void {
    this.held.clear();
  }
  protected listEntries(): [string, CacheEntry][] {
    return [...this.held];
  }
}

/** A memory cache whose persistence never finishes (a slow or stuck disk). */
class StuckPersistence extends MemoryCache {
  protected override writeEntry(key: string, entry: CacheEntry): Promise<void> {
    super.writeEntry(key, entry);
    return new Promise(() => {});
  }
}
