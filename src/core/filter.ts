import { canonicalize, snapshot } from './canonical';
import { InvalidQuery } from './errors';

/** The field lookups, as in lifter and Django. `eq` is the default. */
export const LOOKUPS = [
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'icontains', 'startswith', 'endswith', 'isnull', 'range',
] as const;

/** A field lookup name. */
export type Lookup = (typeof LOOKUPS)[number];

/** One test of one field: `{ path: 'company.name', lookup: 'eq', value: 'Acme' }`. */
export interface Condition {
  readonly path: string;
  readonly lookup: Lookup;
  readonly value: unknown;
}

/** A serialisable filter expression tree. */
export type Expr =
  | Condition
  | { readonly and: readonly Expr[] }
  | { readonly or: readonly Expr[] }
  | { readonly not: Expr };

/** The lookups one field accepts, typed by the field's value type. */
export interface LookupObject<V> {
  eq?: V | null;
  ne?: V | null;
  gt?: V;
  gte?: V;
  lt?: V;
  lte?: V;
  in?: readonly V[];
  contains?: V extends readonly (infer E)[] ? E : V;
  icontains?: string;
  startswith?: string;
  endswith?: string;
  isnull?: boolean;
  range?: readonly [V, V];
}

type FieldFilter<V> =
  | V
  | null
  | LookupObject<V>
  | (V extends Date | readonly unknown[] ? never : V extends object ? Filter<V> : never);

/**
 * A filter on rows of type `T`: fields map to a value (equality) or a lookup
 * object; nested objects, or dotted keys, reach into nested records.
 *
 * @example
 * { age: { gte: 18 }, 'company.name': 'Acme', company: { country: 'FR' } }
 */
export type Filter<T> = { [K in keyof T & string]?: unknown extends T[K] ? unknown : FieldFilter<NonNullable<T[K]>> } & {
  [path: `${string}.${string}`]: unknown;
};

const WHERE = Symbol('react-lifter.where');

/** A filter expression built with {@link or}, {@link and} or {@link not}. */
export interface Where<T> {
  readonly [WHERE]: Expr;
  /** Type-only marker carrying the row type. */
  readonly __row?: T;
}

/** Matches rows that match any of the filters. The row type comes from where the result is used (`filter(or(...))`). */
export function or<T = any>(...filters: (Filter<NoInfer<T>> | Where<NoInfer<T>>)[]): Where<T> {
  return where({ or: Object.freeze(filters.map((f, i) => toExpr(f, `or[${i}]`))) });
}

/** Matches rows that match all of the filters. */
export function and<T = any>(...filters: (Filter<NoInfer<T>> | Where<NoInfer<T>>)[]): Where<T> {
  return where({ and: Object.freeze(filters.map((f, i) => toExpr(f, `and[${i}]`))) });
}

/** Matches rows that do not match the filter. */
export function not<T = any>(filter: Filter<NoInfer<T>> | Where<NoInfer<T>>): Where<T> {
  return where({ not: toExpr(filter, 'not') });
}

function where<T>(expr: Expr): Where<T> {
  return Object.freeze({ [WHERE]: Object.freeze(expr) });
}

const LOOKUP_SET: ReadonlySet<string> = new Set(LOOKUPS);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Turns what a user passes to `filter()` into an expression tree, checking
 * every lookup and copying every value. `at` names the call for error messages.
 */
export function toExpr(input: unknown, at: string): Expr {
  if (input !== null && typeof input === 'object' && WHERE in input) return (input as Where<unknown>)[WHERE];
  if (!isPlainObject(input)) {
    throw new InvalidQuery(`${at} must be a plain object such as { age: { gte: 18 } } or or(...)/and(...)/not(...), got ${describe(input)}.`, at);
  }
  const conditions: Condition[] = [];
  collect(input, '', at, conditions);
  // AND is commutative: sorting makes { a, b }, { b, a } and { x: { y } } / { 'x.y' } one query, hence one key.
  conditions.sort(byPathLookupValue);
  return conditions.length === 1 ? conditions[0]! : Object.freeze({ and: Object.freeze(conditions) });
}

/**
 * Orders conditions by path, then lookup, then value: `{ 'x.y': 1, x: { y: 2 } }` puts two
 * conditions on one path and lookup, and only their values can order them whatever the key order.
 */
function byPathLookupValue(p: Condition, q: Condition): number {
  if (p.path !== q.path) return p.path < q.path ? -1 : 1;
  if (p.lookup !== q.lookup) return LOOKUPS.indexOf(p.lookup) - LOOKUPS.indexOf(q.lookup);
  const [a, b] = [canonicalize(p.value), canonicalize(q.value)];
  return a < b ? -1 : a > b ? 1 : 0;
}

function collect(input: Record<string, unknown>, prefix: string, at: string, out: Condition[], parents: readonly object[] = [input]): void {
  for (const field of Object.keys(input)) {
    const value = input[field];
    if (value === undefined) continue;
    if (field === '') throw new InvalidQuery(`${at} has an empty field name.`, at);
    const path = prefix + field;
    if (!isPlainObject(value)) {
      out.push(condition(path, 'eq', value, at));
      continue;
    }
    const keys = Object.keys(value);
    const lookups = keys.filter((key) => LOOKUP_SET.has(key));
    if (keys.length === 0) {
      throw new InvalidQuery(`${at}: "${path}" is an empty object; write a value, a lookup such as { gte: 1 }, or a nested filter.`, `${at}.${path}`);
    }
    if (lookups.length === keys.length) {
      for (const lookup of lookups) {
        if (value[lookup] !== undefined) out.push(condition(path, lookup as Lookup, value[lookup], at));
      }
    } else if (lookups.length === 0) {
      // A nested filter that contains itself would otherwise recurse until the stack overflows.
      if (parents.includes(value)) {
        throw new InvalidQuery(`${at}.${path} refers back to one of its parents (a circular structure), which cannot be part of a query.`, `${at}.${path}`);
      }
      collect(value, `${path}.`, at, out, [...parents, value]);
    } else {
      throw new InvalidQuery(
        `${at}: "${path}" mixes lookups (${lookups.join(', ')}) with nested fields (${keys.filter((k) => !LOOKUP_SET.has(k)).join(', ')}); split them, or use a dotted key such as "${path}.${keys.find((k) => !LOOKUP_SET.has(k))}".`,
        `${at}.${path}`,
      );
    }
  }
}

function condition(path: string, lookup: Lookup, raw: unknown, at: string): Condition {
  const where = lookup === 'eq' ? `${at}.${path}` : `${at}.${path}.${lookup}`;
  const value = snapshot(raw, where);
  const fail = (expected: string): never => {
    throw new InvalidQuery(`${where} must be ${expected}, got ${describe(raw)}.`, where);
  };
  switch (lookup) {
    case 'in':
      if (!Array.isArray(value)) fail('an array of values');
      break;
    case 'range':
      if (!Array.isArray(value) || value.length !== 2) fail('a [low, high] pair');
      break;
    case 'isnull':
      if (typeof value !== 'boolean') fail('true or false');
      break;
    case 'icontains':
    case 'startswith':
    case 'endswith':
      if (typeof value !== 'string') fail('a string');
      break;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (value === null) fail('a number, string, bigint or Date (use isnull to test for null)');
      break;
  }
  return Object.freeze({ path, lookup, value });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') return `an instance of ${Object.getPrototypeOf(value)?.constructor?.name ?? 'object'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
