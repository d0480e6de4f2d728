import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../../src/core/cache/changes';

// What a cache's change log tells an operation under way: whether its key, or a key under its
// prefix, was set, deleted, invalidated or cleared since the operation looked at the cache.

describe('a watch on one key', () => {
  it('sees a set or delete of its key, and nothing of other keys', () => {
    const log = new ChangeLog();
    const watch = log.watchKey('s:a:1');
    const other = log.watchKey('s:a:2');
    log.keyChanged('s:a:1');
    expect(watch.changed()).toBe(true);
    expect(other.changed()).toBe(false);
  });

  it.each(['s:a:', 's:', '', 's:a:1'])('sees an invalidation of the prefix %j of its key (or a clear)', (prefix) => {
    const log = new ChangeLog();
    const watch = log.watchKey('s:a:1');
    log.prefixChanged(prefix);
    expect(watch.changed()).toBe(true);
  });

  it('sees nothing of an invalidation that does not cover its key', () => {
    const log = new ChangeLog();
    const watch = log.watchKey('s:a:1');
    log.prefixChanged('s:b:');
    log.prefixChanged('s:a:12');
    expect(watch.changed()).toBe(false);
  });

  it('every watch of one key sees its change, and closing one leaves the others recording', () => {
    const log = new ChangeLog();
    const first = log.watchKey('k');
    const second = log.watchKey('k');
    first.close();
    log.keyChanged('k');
    expect(first.changed()).toBe(false);
    expect(second.changed()).toBe(true);
  });

  it('after close() records nothing more, and keeps answering what it saw', () => {
    const log = new ChangeLog();
    const quiet = log.watchKey('a');
    const seen = log.watchKey('b');
    log.keyChanged('b');
    quiet.close();
    seen.close();
    log.keyChanged('a');
    log.prefixChanged('');
    expect(quiet.changed()).toBe(false);
    expect(seen.changed()).toBe(true);
  });

  it('a key watched again after its watches closed is watched afresh', () => {
    const log = new ChangeLog();
    log.watchKey('k').close();
    log.keyChanged('k');
    const again = log.watchKey('k');
    expect(again.changed()).toBe(false);
    log.keyChanged('k');
    expect(again.changed()).toBe(true);
  });
});

describe('a watch on a prefix', () => {
  it('knows which keys under it were set or deleted, and ignores keys outside it', () => {
    const log = new ChangeLog();
    const watch = log.watchPrefix('s:a:');
    log.keyChanged('s:a:1');
    log.keyChanged('s:b:1');
    expect(watch.isPrefix).toBe(true);
    expect(watch.changed('s:a:1')).toBe(true);
    expect(watch.changed('s:a:2')).toBe(false);
    expect(watch.changed('s:b:1')).toBe(false);
  });

  it.each(['s:a:', 's:', ''])(
    'an invalidation of %j (its prefix, a shorter one, or a clear) changes every key under it',
    (prefix) => {
      const log = new ChangeLog();
      const watch = log.watchPrefix('s:a:');
      log.prefixChanged(prefix);
      expect(watch.changed('s:a:1')).toBe(true);
      expect(watch.changed('s:a:anything')).toBe(true);
    },
  );

  it('an invalidation of a longer prefix inside it changes only the keys under that one', () => {
    const log = new ChangeLog();
    const watch = log.watchPrefix('s:');
    log.prefixChanged('s:a:');
    expect(watch.changed('s:a:1')).toBe(true);
    expect(watch.changed('s:b:1')).toBe(false);
  });

  it('an invalidation of an unrelated prefix changes nothing', () => {
    const log = new ChangeLog();
    const watch = log.watchPrefix('s:a:');
    log.prefixChanged('s:b:');
    log.prefixChanged('t:');
    expect(watch.changed('s:a:1')).toBe(false);
  });

  it('after close() records nothing more', () => {
    const log = new ChangeLog();
    const watch = log.watchPrefix('s:');
    watch.close();
    log.keyChanged('s:1');
    log.prefixChanged('');
    expect(watch.changed('s:1')).toBe(false);
  });
});
