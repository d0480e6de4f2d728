import { describe, expect, it } from 'vitest';
import { cacheKey, djangoQueryString, lifterQueryString, MemoryStore, query } from '../../../src/core/index';
import { Thing } from '../fixtures';

// Work that grows with the square of a filter's size shows at 50,000 fields as tens of seconds
// (16 s to build such a filter before its conditions were sorted in n log n); linear or n log n
// work takes a tenth of a second. The bound sits far from both, so machine speed cannot flip it.

const N = 50_000;
const BOUND_MS = 2_000;

/** Field names in descending order: the worst order for an insertion sort. */
const fields = Array.from({ length: N }, (_, i) => `f${String(N - i).padStart(6, '0')}`);

function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

describe(`a filter of ${N.toLocaleString('en')} fields`, () => {
  it('is built and keyed in well under a second or two (not quadratic)', () => {
    const filter = Object.fromEntries(fields.map((field, i) => [field, i]));
    const { result: built, ms } = timed(() => query(Thing).filter(filter));
    expect(ms).toBeLessThan(BOUND_MS);
    const store = new MemoryStore({ identifier: 'mem', data: {} });
    expect(timed(() => cacheKey(store, Thing, built)).ms).toBeLessThan(BOUND_MS);
    // Sorted, as a small filter is: the same query whatever the key order.
    const where = built.state.where[0] as unknown as { and: { path: string }[] };
    expect(where.and[0]!.path).toBe('f000001');
    expect(where.and[N - 1]!.path).toBe(fields[0]);
    const reordered = query(Thing).filter(Object.fromEntries(fields.map((field, i) => [field, i]).reverse()));
    expect(reordered.canonical).toBe(built.canonical);
  });

  it('of nested filter objects is built in well under a second or two', () => {
    const filter = Object.fromEntries(fields.map((field, i) => [field, { x: { gte: i } }]));
    expect(timed(() => query(Thing).filter(filter)).ms).toBeLessThan(BOUND_MS);
  });

  it('is turned into query parameters in well under a second or two', () => {
    const built = query(Thing).filter(Object.fromEntries(fields.map((field, i) => [field, i])));
    const django = timed(() => djangoQueryString(built.state, Thing));
    expect(django.ms).toBeLessThan(BOUND_MS);
    expect(django.result.params.get('f000001')).toBe(String(N - 1));
    expect([...django.result.params.keys()].length).toBe(N);
    expect(timed(() => lifterQueryString(built.state, Thing)).ms).toBeLessThan(BOUND_MS);
  });
});
