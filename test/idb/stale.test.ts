import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlledStore, count } from '../core/controlled-store';
import { User } from '../core/fixtures';
import { closeOpened, openCache } from './helpers';

afterEach(closeOpened);

/** Polls until `check` passes (the disk writes behind the answer). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await check()).toBe(true);
}

describe('IndexedDBCache: staleAfter across reloads', () => {
  it('a stale record answers a cold read at once, and its revalidation replaces it on disk and in the other tab', async () => {
    const dbName = `stale-${Date.now()}`;
    const first = openCache(dbName);
    const writer = new ControlledStore({ identifier: 's', cache: first });
    const key = writer.key(User, count);
    await first.set(key, 3, undefined, { query: count.canonical });
    // A reload: a new cache on the same database, where everything counts as stale (staleAfter 0).
    const reloaded = openCache(dbName, { staleAfter: 0 });
    const store = new ControlledStore({ identifier: 's', cache: reloaded });
    expect(await store.run(User, count)).toBe(3);
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(4);
    await eventually(async () => (await openCache(dbName).get(key)) === 4);
    expect(reloaded.peek(key)).toBe(4);
    // The first tab heard of it through the channel.
    await eventually(async () => first.peek(key) === 4);
  });
});
