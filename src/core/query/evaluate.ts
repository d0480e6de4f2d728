import { canonicalize } from './canonical';
import { DoesNotExist, InvalidQuery, MultipleObjectsReturned } from '../errors';
import { assertNesting } from './filter';
import { compare, matchesExpr } from './match';
import type { QueryState } from './state';
import { message } from '../texts';

/**
 * Runs a query over rows held in memory (lifter's IterableStore semantics):
 * where → orderBy → projection → distinct → window → action. Used by
 * `MemoryStore`, and by `RestStore` for what the server did not do.
 */
export function evaluate(rows: readonly unknown[], state: QueryState): unknown {
  // matchesExpr() recurses through or/and/not: a state made elsewhere is checked for nesting first.
  assertNesting(state.where, 'query.where');
  let matched =
    state.where.length === 0 ? [...rows] : rows.filter((row) => state.where.every((expr) => matchesExpr(row, expr)));
  if (state.orderBy.length > 0) matched = sortRows(matched, state.orderBy);
  // Pairs keep the whole row for aggregates beside the projected output.
  let pairs = matched.map((row) => [row, project(row, state)] as const);
  if (state.distinct) {
    const seen = new Set<string>();
    pairs = pairs.filter(([, out]) => {
      const id = canonicalize(out, 'row');
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  if (state.offset > 0 || state.limit !== null) {
    pairs = pairs.slice(state.offset, state.limit === null ? undefined : state.offset + state.limit);
  }
  switch (state.action) {
    case 'list':
      return pairs.map(([, out]) => out);
    case 'count':
      return pairs.length;
    case 'exists':
      return pairs.length > 0;
    case 'first':
      return pairs[0]?.[1];
    case 'last':
      return pairs[pairs.length - 1]?.[1];
    case 'get':
      if (pairs.length === 0)
        throw new DoesNotExist('get() matched no record; check the filter, or use first() to accept none.');
      if (pairs.length > 1)
        throw new MultipleObjectsReturned(
          `get() matched ${pairs.length} records, expected exactly one; narrow the filter, or use first().`,
        );
      return pairs[0]![1];
    case 'aggregate':
      return aggregate(
        pairs.map(([row]) => row),
        state.aggregate ?? {},
      );
  }
}

/**
 * The value at a dotted path, for ordering and projections; only own properties are followed, so
 * `__proto__` is plain data. Filters read every value the path reaches instead ({@link reach}).
 */
function resolve(row: unknown, path: string): unknown {
  let value = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Kinds in the order mixed columns sort in; null and missing sort last ascending (as in PostgreSQL). */
const KIND_RANK: Record<string, number> = { boolean: 0, number: 1, bigint: 1, string: 2, date: 3, object: 4, null: 5 };

function rank(value: unknown): number {
  if (value === null || value === undefined) return KIND_RANK.null!;
  if (value instanceof Date) return KIND_RANK.date!;
  return KIND_RANK[typeof value] ?? KIND_RANK.object!;
}

function sortRows(rows: unknown[], orderBy: readonly string[]): unknown[] {
  const keys = orderBy.map((field) =>
    field.startsWith('-') ? { path: field.slice(1), sign: -1 } : { path: field, sign: 1 },
  );
  // Array.prototype.sort is stable, so ties keep the store's order.
  return rows.sort((left, right) => {
    for (const { path, sign } of keys) {
      const a = resolve(left, path);
      const b = resolve(right, path);
      const byKind = rank(a) - rank(b);
      if (byKind !== 0) return byKind * sign;
      const order = compare(a, b);
      if (order) return order * sign;
    }
    return 0;
  });
}

function project(row: unknown, state: QueryState): unknown {
  switch (state.shape) {
    case 'rows':
      return row;
    case 'flat':
      return resolve(row, state.fields[0]!);
    case 'tuples':
      return state.fields.map((field) => resolve(row, field));
    case 'values': {
      const out: Record<string, unknown> = {};
      for (const field of state.fields) {
        Object.defineProperty(out, field, {
          value: resolve(row, field),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

function aggregate(rows: unknown[], spec: NonNullable<QueryState['aggregate']>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, { fn, field }] of Object.entries(spec)) {
    const values =
      field === '*' ? rows : rows.map((row) => resolve(row, field)).filter((v) => v !== null && v !== undefined);
    let value: unknown;
    if (fn === 'count') value = values.length;
    else if (fn === 'min' || fn === 'max') {
      value = values.reduce<unknown>(
        (best, v) => (best === null || compare(v, best) * (fn === 'min' ? -1 : 1) > 0 ? v : best),
        null,
      );
    } else {
      const numbers = values.map((v, i) => {
        if (typeof v !== 'number')
          throw new InvalidQuery(message(123, name, fn, field, typeof v, i), `aggregate.${name}`);
        return v;
      });
      const sum = numbers.reduce((total, v) => total + v, 0);
      value = fn === 'sum' ? sum : numbers.length === 0 ? null : sum / numbers.length;
    }
    Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}
