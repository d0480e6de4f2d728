import { InvalidQuery } from '../errors';
import type { Model } from '../model';
import { stateForm } from './canonical';
import { assertNesting, type Combined, type Filter, type KeyedExpr, negation, toExpr } from './filter';
import { hash20 } from './hash';
import { filterRebuilds } from './arguments';
import { DerivedQueries, type Rebuilds } from './reuse';
import { EMPTY, nextState, type QueryState } from './state';
import type { Action, Aggregation, FieldPath, PathValue } from './types';
import { message } from '../texts';

const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max'] as const;

type AnyQuery = Query<any, any, any>;

/**
 * An immutable query over rows of type `T`: every method returns a new query.
 * `Out` is the row type after `values()`/`valuesList()`, `A` the action, and
 * `QueryResult` the type a store resolves it to.
 *
 * @example
 * query(User).filter({ age: { gte: 18 } }).orderBy('-age').limit(10)
 */
export class Query<T, Out = T, A extends Action = 'list'> {
  /** The serialisable description of this query. */
  readonly state: QueryState;
  #canonical: string | undefined;
  #hash: string | undefined;
  /** The canonical forms of the filters, comma-separated, by the builder (unknown for a state given to `new`). */
  #filterForms: string | undefined;
  /** The queries built from this one, reused when an equal one is built again (a query written inline in render). */
  #derived: DerivedQueries<AnyQuery> | undefined;
  /** The query this one was derived from, held: its parents remember it weakly, and must stay while it does. */
  // eslint-disable-next-line no-unused-private-class-members -- written, never read: holding it is its purpose
  #parent: AnyQuery | undefined;

  /** @internal Use {@link query} or `store.query(Model)`. */
  constructor(state: QueryState = EMPTY, patch?: Partial<QueryState>) {
    // A state passed in from elsewhere is taken as a patch of the empty one, so all of it gets frozen.
    this.state = patch ? nextState(state, patch) : nextState(EMPTY, state);
    if (this.state.where.length === 0) this.#filterForms = '';
  }

  /** The canonical form of {@link state}, computed once. */
  get canonical(): string {
    if (this.#canonical === undefined) {
      if (this.#filterForms === undefined) assertNesting(this.state.where, 'query.where');
      this.#canonical = stateForm(this.state, this.#filterForms);
    }
    return this.#canonical;
  }

  /** 20 hex characters of {@link canonical}, computed once: a query kept in a variable is keyed on every render. */
  get hash(): string {
    return (this.#hash ??= hash20(this.canonical));
  }

  toJSON(): QueryState {
    return this.state;
  }

  /** Keeps rows matching the filter (ANDed with earlier filters). */
  filter(filter: Filter<T> | Combined<T>): Query<T, Out, A> {
    return this.#derive('filter', [filter], ([f]) => this.#and(toExpr(f, 'filter')), filterRebuilds(filter, false));
  }

  /** Drops rows matching the filter. */
  exclude(filter: Filter<T> | Combined<T>): Query<T, Out, A> {
    // Not toExpr(not(filter)): errors would then name "not.…", a call the user never made.
    const build = ([f]: unknown[]) => this.#and(negation(toExpr(f, 'exclude'), 'exclude'));
    return this.#derive('exclude', [filter], build, filterRebuilds(filter, true));
  }

  /** Orders by these fields, `-` first for descending; replaces an earlier ordering. Ties keep the store's order. */
  orderBy(...fields: (FieldPath<T> | `-${FieldPath<T>}`)[]): Query<T, Out, A> {
    return this.#derive('orderBy', fields, (copy) => this.#orderBy(copy));
  }

  #orderBy(fields: unknown[]): Query<T, Out, A> {
    fields.forEach((field, i) => {
      if (typeof field !== 'string' || field === '' || field === '-') {
        throw new InvalidQuery(message(101, i, field), `orderBy[${i}]`);
      }
    });
    return this.#with({ orderBy: fields as string[] });
  }

  /** Keeps at most `count` rows (after `offset`). */
  limit(count: number): Query<T, Out, A> {
    return this.#derive('limit', [count], ([n]) => this.#with({ limit: windowSize(n, 'limit') }));
  }

  /** Skips the first `count` rows. */
  offset(count: number): Query<T, Out, A> {
    return this.#derive('offset', [count], ([n]) => this.#with({ offset: windowSize(n, 'offset') }));
  }

  /** Returns objects holding only these fields. */
  values<const P extends FieldPath<T>>(...fields: P[]): Query<T, { [K in P]: PathValue<T, K> }, A> {
    return this.#derive('values', fields, (copy) =>
      this.#with({ shape: 'values', fields: checkFields(copy, 'values') }),
    );
  }

  /** Returns single values of one field (`flat: true`). */
  valuesList<const P extends FieldPath<T>>(field: P, options: { flat: true }): Query<T, PathValue<T, P>, A>;
  /** Returns tuples of these fields. */
  valuesList<const P extends readonly FieldPath<T>[]>(
    ...fields: P
  ): Query<T, { -readonly [I in keyof P]: PathValue<T, P[I]> }, A>;
  valuesList(...args: unknown[]): Query<T, never, A> {
    return this.#derive('valuesList', args, (copy) => this.#valuesList(copy));
  }

  #valuesList(args: unknown[]): Query<T, never, A> {
    const last = args[args.length - 1];
    const flat = typeof last === 'object' && last !== null ? Boolean((last as { flat?: boolean }).flat) : false;
    const fields = checkFields(typeof last === 'object' ? args.slice(0, -1) : args, 'valuesList');
    if (flat && fields.length !== 1) {
      throw new InvalidQuery(message(102, fields.length), 'valuesList');
    }
    return this.#with({ shape: flat ? 'flat' : 'tuples', fields });
  }

  /** Drops duplicate results (after projection). */
  distinct(): Query<T, Out, A> {
    return this.#derive('distinct', [], () => this.#with({ distinct: true }));
  }

  /** Asks for all matching rows (the default action). */
  list(): Query<T, Out, 'list'> {
    return this.#derive('list', [], () => this.#with({ action: 'list', aggregate: null }));
  }

  /** Asks for the number of matching rows. */
  count(): Query<T, Out, 'count'> {
    return this.#derive('count', [], () => this.#with({ action: 'count', aggregate: null }));
  }

  /** Asks for the first matching row, or `undefined`. */
  first(): Query<T, Out, 'first'> {
    return this.#derive('first', [], () => this.#with({ action: 'first', aggregate: null }));
  }

  /** Asks for the last matching row, or `undefined`. */
  last(): Query<T, Out, 'last'> {
    return this.#derive('last', [], () => this.#with({ action: 'last', aggregate: null }));
  }

  /** Asks whether any row matches. */
  exists(): Query<T, Out, 'exists'> {
    return this.#derive('exists', [], () => this.#with({ action: 'exists', aggregate: null }));
  }

  /** Asks for exactly one row: `DoesNotExist` when none, `MultipleObjectsReturned` when several. */
  get(filter?: Filter<T> | Combined<T>): Query<T, Out, 'get'> {
    const base = filter === undefined ? this : this.filter(filter);
    return base.#derive('get', [], () => base.#with({ action: 'get', aggregate: null }));
  }

  /**
   * Asks for aggregates over the matching rows.
   *
   * @example
   * query(User).aggregate({ n: { count: '*' }, oldest: { max: 'age' } })
   */
  aggregate<const S extends Record<string, Aggregation<T>>>(spec: S): Query<T, Out, { aggregate: S }> {
    return this.#derive('aggregate', [spec], ([copy]) => this.#aggregate(copy as never));
  }

  #aggregate(spec: Record<string, unknown>): Query<T, Out, never> {
    if (spec === null || typeof spec !== 'object' || Object.keys(spec).length === 0) {
      throw new InvalidQuery(message(103), 'aggregate');
    }
    const aggregate: Record<string, { fn: (typeof AGGREGATES)[number]; field: string }> = {};
    for (const name of Object.keys(spec)) {
      const entry = spec[name] as Record<string, unknown>;
      const fns = entry && typeof entry === 'object' ? Object.keys(entry) : [];
      const fn = fns[0] as (typeof AGGREGATES)[number];
      const field = fns.length === 1 ? entry[fn] : undefined;
      if (!AGGREGATES.includes(fn) || typeof field !== 'string' || field === '' || (field === '*' && fn !== 'count')) {
        throw new InvalidQuery(message(104, name), `aggregate.${name}`);
      }
      Object.defineProperty(aggregate, name, { value: { fn, field }, enumerable: true });
    }
    return this.#with({ action: 'aggregate', aggregate }) as never;
  }

  #and({ expr, canonical }: KeyedExpr): Query<T, Out, A> {
    const forms =
      this.#filterForms === undefined
        ? undefined
        : this.#filterForms === ''
          ? canonical
          : `${this.#filterForms},${canonical}`;
    return this.#with({ where: [...this.state.where, expr] }, forms);
  }

  /** The query `build` makes from `args`, or the equal one made before (see ./reuse.ts). */
  #derive<Q extends AnyQuery>(
    method: string,
    args: unknown[],
    build: (args: any[]) => Q,
    rebuilds?: Rebuilds<AnyQuery>,
  ) {
    const child = (copy: unknown[]) => {
      const next = build(copy);
      next.#parent = this;
      return next;
    };
    return (this.#derived ??= new DerivedQueries<AnyQuery>()).derive(method, args, child, rebuilds) as Q;
  }

  #with<O, B extends Action>(patch: Partial<QueryState>, filterForms = this.#filterForms): Query<T, O, B> {
    const next = new Query<T, O, B>(this.state, patch);
    next.#filterForms = filterForms;
    return next;
  }
}

/**
 * Starts a query over rows of a model (the model only carries the row type).
 *
 * @example
 * const adults = query(User).filter({ age: { gte: 18 } }).orderBy('-age');
 */
export function query<T = any>(_model?: Model<T>): Query<T> {
  return EVERY_ROW as Query<T>;
}

/** The one empty query (queries are immutable): what is built from it is reused across renders. */
const EVERY_ROW = new Query<any>();

function windowSize(count: number, name: string): number {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidQuery(message(105, name, count), name);
  }
  return count;
}

function checkFields(fields: unknown[], name: string): string[] {
  if (fields.length === 0) throw new InvalidQuery(message(106, name), name);
  fields.forEach((field, i) => {
    if (typeof field !== 'string' || field === '') {
      throw new InvalidQuery(message(107, name, i, field), `${name}[${i}]`);
    }
  });
  return fields as string[];
}
