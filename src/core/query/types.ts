// The types results are computed with: from a model's row type, through projections and actions, to `data`.
import type { Query } from './query';

/** A field of `T`, or a dotted path into nested records (`'company.name'`). */
export type FieldPath<T> = (keyof T & string) | `${string}.${string}`;

/** The value type at a field path of `T` (`unknown` where TypeScript cannot follow it). */
export type PathValue<T, P extends string> = P extends keyof T
  ? T[P]
  : P extends `${infer Head}.${infer Rest}`
    ? Head extends keyof T
      ?
          | PathValue<NonNullable<T[Head]>, Rest>
          | (undefined extends T[Head] ? undefined : never)
          | (null extends T[Head] ? undefined : never)
      : unknown
    : unknown;

/**
 * One aggregation: `{ count: '*' }`, `{ count: 'email' }` (non-null values), `{ sum: 'age' }`, `{ avg: 'age' }`, `{
 * min: 'age' }`, `{ max: 'age' }`.
 */
export type Aggregation<T> =
  | { count: '*' | FieldPath<T> }
  | { sum: FieldPath<T> }
  | { avg: FieldPath<T> }
  | { min: FieldPath<T> }
  | { max: FieldPath<T> };

/** What the query asks for. */
export type Action =
  | 'list'
  | 'count'
  | 'first'
  | 'last'
  | 'exists'
  | 'get'
  | { aggregate: Record<string, Aggregation<never>> };

/** The result of an aggregation spec `S` over rows `T`. */
export type AggregateResult<T, S> = {
  -readonly [K in keyof S]: S[K] extends { count: unknown }
    ? number
    : S[K] extends { sum: unknown }
      ? number
      : S[K] extends { avg: unknown }
        ? number | null
        : S[K] extends { min: infer P extends string } | { max: infer P extends string }
          ? NonNullable<PathValue<T, P>> | null
          : never;
};

/** The result type of a query over rows `T`, projected to `Out`, with action `A`. */
export type ResultOf<T, Out, A> = A extends 'list'
  ? Out[]
  : A extends 'count'
    ? number
    : A extends 'first' | 'last'
      ? Out | undefined
      : A extends 'exists'
        ? boolean
        : A extends 'get'
          ? Out
          : A extends { aggregate: infer S }
            ? AggregateResult<T, S>
            : never;

/** The result type of a {@link Query}. */
export type QueryResult<Q> = Q extends Query<infer T, infer Out, infer A> ? ResultOf<T, Out, A> : never;
