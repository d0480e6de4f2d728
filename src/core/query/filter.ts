import { junctionForm, MAX_DEPTH, negationForm, tooDeep } from './canonical';
import { type Condition, parseFilter, isPlainObject } from './conditions';
import { InvalidQuery } from '../errors';
import { message } from '../texts';

export { type Condition, LOOKUPS, type Lookup } from './conditions';

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
  istartswith?: string;
  iendswith?: string;
}

type FieldFilter<V> = V | null | LookupObject<V> | NestedFilter<V>;

/** A nested filter on a field's record, or on the records of an array field (a row matches when any does). */
type NestedFilter<V> = V extends Date
  ? never
  : V extends readonly (infer E)[]
    ? NestedFilter<NonNullable<E>>
    : V extends object
      ? Filter<V>
      : never;

/**
 * A filter on rows of type `T`: fields map to a value (equality) or a lookup
 * object; nested objects, or dotted keys, reach into nested records.
 *
 * @example
 * { age: { gte: 18 }, 'company.name': 'Acme', company: { country: 'FR' } }
 */
export type Filter<T> = {
  [K in keyof T & string]?: unknown extends T[K] ? unknown : FieldFilter<NonNullable<T[K]>>;
} & {
  [path: `${string}.${string}`]: unknown;
};

const COMBINED = Symbol('react-lifter.combined');

/**
 * An expression with its canonical form, written while it is built (where each value's form is at
 * hand) so that keying a query written inline in render never walks its filters again.
 */
export interface KeyedExpr {
  readonly expr: Expr;
  /** What `canonicalize` writes for `expr`. */
  readonly canonical: string;
  /** The levels of or/and/not in `expr` (a filter of several fields is an and); none for a condition. */
  readonly depth?: number;
}

/** A filter expression built with {@link or}, {@link and} or {@link not}. */
export interface Combined<T> {
  readonly [COMBINED]: KeyedExpr;
  /** Type-only marker carrying the row type. */
  readonly __row?: T;
}

/** Matches rows that match any of the filters. The row type comes from where the result is used (`filter(or(...))`). */
export function or<T = any>(...filters: (Filter<NoInfer<T>> | Combined<NoInfer<T>>)[]): Combined<T> {
  return combined(
    junction(
      'or',
      filters.map((f, i) => toExpr(f, `or[${i}]`)),
      'or',
    ),
  );
}

/** Matches rows that match all of the filters. */
export function and<T = any>(...filters: (Filter<NoInfer<T>> | Combined<NoInfer<T>>)[]): Combined<T> {
  return combined(
    junction(
      'and',
      filters.map((f, i) => toExpr(f, `and[${i}]`)),
      'and',
    ),
  );
}

/** Matches rows that do not match the filter. */
export function not<T = any>(filter: Filter<NoInfer<T>> | Combined<NoInfer<T>>): Combined<T> {
  return combined(negation(toExpr(filter, 'not'), 'not'));
}

/** The canonical form of an {@link or}/{@link and}/{@link not} expression; `undefined` for any other object. */
export function combinedForm(value: object): string | undefined {
  return COMBINED in value ? (value as Combined<unknown>)[COMBINED].canonical : undefined;
}

function combined<T>(keyed: KeyedExpr): Combined<T> {
  return Object.freeze({ [COMBINED]: keyed });
}

/** The expression matching what `keyed` does not; `at` names the call for error messages. */
export function negation({ expr, canonical, depth = 0 }: KeyedExpr, at: string): KeyedExpr {
  return { expr: Object.freeze({ not: expr }), canonical: negationForm(canonical), depth: deeper(depth, at) };
}

/** `{ and: [...] }` or `{ or: [...] }` over these parts, frozen, with its canonical form (one key: nothing to sort). */
function junction(kind: 'and' | 'or', parts: readonly KeyedExpr[], at: string): KeyedExpr {
  const exprs: Expr[] = [];
  const forms: string[] = [];
  let depth = 0;
  for (const part of parts) {
    exprs.push(part.expr);
    forms.push(part.canonical);
    depth = Math.max(depth, part.depth ?? 0);
  }
  return {
    expr: Object.freeze({ [kind]: Object.freeze(exprs) }) as Expr,
    canonical: junctionForm(kind, forms),
    depth: deeper(depth, at),
  };
}

/** The depth of an or/and/not around parts `depth` deep, within {@link MAX_DEPTH}. */
function deeper(depth: number, at: string): number {
  if (depth === MAX_DEPTH) throw tooDeep(115, at);
  return depth + 1;
}

/**
 * Checks that the expressions of a state made elsewhere (`new Query(state)`) nest or/and/not at most
 * {@link MAX_DEPTH} levels, as the builder ensures for its own, so that a walk of them cannot overflow
 * the call stack. `at` names the list, such as `query.where`.
 */
export function assertNesting(filters: readonly Expr[], at: string): void {
  const steps: (string | number)[] = [];
  const visit = (expr: Expr, depth: number): void => {
    if (expr === null || typeof expr !== 'object') return;
    const kind = 'and' in expr ? 'and' : 'or' in expr ? 'or' : 'not' in expr ? 'not' : undefined;
    if (kind === undefined) return;
    if (depth === MAX_DEPTH) {
      const path = at + steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
      throw tooDeep(116, path);
    }
    steps.push(kind);
    const inner = (expr as Record<string, unknown>)[kind];
    if (kind === 'not') visit(inner as Expr, depth + 1);
    else if (Array.isArray(inner)) {
      inner.forEach((part: Expr, i) => {
        steps.push(i);
        visit(part, depth + 1);
        steps.pop();
      });
    }
    steps.pop();
  };
  filters.forEach((expr, i) => {
    steps.push(i);
    visit(expr, 0);
    steps.pop();
  });
}

/**
 * Turns what a user passes to `filter()` into an expression tree, checking
 * every lookup and copying every value. `at` names the call for error messages.
 */
export function toExpr(input: unknown, at: string): KeyedExpr {
  if (input !== null && typeof input === 'object' && COMBINED in input) return (input as Combined<unknown>)[COMBINED];
  if (!isPlainObject(input)) {
    throw new InvalidQuery(message(113, at, input), at);
  }
  const conditions = parseFilter(input, at);
  return conditions.length === 1 ? conditions[0]! : junction('and', conditions, at);
}
