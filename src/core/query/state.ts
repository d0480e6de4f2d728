import type { Expr } from './filter';

/**
 * The serialisable description of a query: what `canonicalize` keys and
 * what stores execute. Filters apply before the window whatever the call order.
 */
export interface QueryState {
  /** Filters, all of which must match (AND). `exclude()` adds a `{ not }`. */
  readonly where: readonly Expr[];
  /** Field paths, `-` first for descending. */
  readonly orderBy: readonly string[];
  readonly offset: number;
  readonly limit: number | null;
  /** Projection: whole rows, objects of some fields, tuples, or single values. */
  readonly shape: 'rows' | 'values' | 'tuples' | 'flat';
  readonly fields: readonly string[];
  readonly distinct: boolean;
  readonly action: 'list' | 'count' | 'first' | 'last' | 'exists' | 'get' | 'aggregate';
  readonly aggregate: Readonly<Record<string, { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; field: string }>> | null;
}

/** The state of a new query: every row, as rows, in the store's order. */
export const EMPTY: QueryState = Object.freeze({
  where: Object.freeze([]),
  orderBy: Object.freeze([]),
  offset: 0,
  limit: null,
  shape: 'rows',
  fields: Object.freeze([]),
  distinct: false,
  action: 'list',
  aggregate: null,
});

/**
 * `state` with `patch` applied, frozen through and through (filters freeze their own parts), so that
 * it never drifts from the key it is hashed into. Only the patched arrays need freezing: `state` is
 * one made here. Written field by field, since V8 spreads and freezes frozen objects slowly
 * (bench/NOTES.md). No field is ever patched to `undefined`.
 */
export function nextState(state: QueryState, patch: Partial<QueryState>): QueryState {
  return Object.freeze({
    where: patch.where ? Object.freeze(patch.where) : state.where,
    orderBy: patch.orderBy ? Object.freeze(patch.orderBy) : state.orderBy,
    offset: patch.offset ?? state.offset,
    limit: patch.limit !== undefined ? patch.limit : state.limit,
    shape: patch.shape ?? state.shape,
    fields: patch.fields ? Object.freeze(patch.fields) : state.fields,
    distinct: patch.distinct ?? state.distinct,
    action: patch.action ?? state.action,
    aggregate: patch.aggregate !== undefined ? patch.aggregate : state.aggregate,
  });
}
