import { UnsupportedQuery } from '../errors';
import { assertNesting, type Condition, type Expr } from '../query/filter';
import type { Model } from '../model';
import type { QueryState } from '../query/state';

/** What a {@link QueryStringBuilder} returns. */
export interface QueryStringResult {
  /** The query parameters of the GET request. */
  readonly params: URLSearchParams;
  /** True when the server applies `orderBy`, so the store must not sort again. */
  readonly orderBy?: boolean;
  /** True when the server applies `limit`/`offset`, so the store must not slice again. */
  readonly window?: boolean;
}

/**
 * Turns a query into the parameters of a REST request. The server always
 * applies the filters; ordering and the window only when the result says so.
 * Throws {@link UnsupportedQuery} for anything it cannot express.
 */
export type QueryStringBuilder = (state: QueryState, model: Model<unknown>) => QueryStringResult;

/**
 * lifter's REST convention: equality filters only, ANDed, attribute names
 * camelCased (`first_name` → `firstName`, `company.name` → `companyName`).
 * Ordering and the window are applied by the store, not sent.
 *
 * @example
 * lifterQueryString(query(User).filter({ first_name: 'Ann' }).state, User).params.toString() // 'firstName=Ann'
 */
export const lifterQueryString: QueryStringBuilder = (state, model) => {
  const name = 'lifterQueryString';
  const sent = new Map<string, string>();
  for (const condition of flatConditions(state.where, name, model)) {
    const { path, lookup, value } = condition;
    if (lookup !== 'eq') {
      throw unsupported(
        name,
        model,
        `"${path}" with the lookup "${lookup}": lifter's REST convention only has equality`,
        USE_DJANGO,
      );
    }
    put(sent, camelCase(path), encode(value, `"${path}"`, name, model), name, model);
  }
  return { params: new URLSearchParams([...sent]), orderBy: false, window: false };
};

/**
 * Django REST framework's convention (django-filter, `OrderingFilter`,
 * `LimitOffsetPagination`): `age__gte=18`, `company__name=Acme`,
 * `id__in=1,2`, `ordering=-age,name`, `limit=10&offset=20`.
 *
 * @example
 * djangoQueryString(query(User).filter({ age: { gte: 18 } }).orderBy('-age').limit(10).state, User).params.toString()
 * // 'age__gte=18&ordering=-age&limit=10'
 */
export const djangoQueryString: QueryStringBuilder = (state, model) => {
  const name = 'djangoQueryString';
  const sent = new Map<string, string>();
  for (const { path, lookup, value } of flatConditions(state.where, name, model)) {
    const parameter = djangoPath(path, name, model);
    const field = `"${path}" (${lookup})`;
    let text: string;
    switch (lookup) {
      case 'ne':
        throw unsupported(name, model, `${field}: Django REST framework has no standard "not equal" lookup`);
      case 'isnull':
        text = value ? 'true' : 'false';
        break;
      case 'in':
      case 'range': {
        const items = value as readonly unknown[];
        // django-filter skips an empty parameter, so `in: []` would match every row instead of none.
        if (items.length === 0)
          throw unsupported(
            name,
            model,
            `${field} with an empty list: the parameter would be ignored and match every row`,
          );
        text = items.map((item) => encodeListItem(item, field, name, model)).join(',');
        break;
      }
      default:
        text = encode(value, field, name, model);
    }
    put(sent, lookup === 'eq' ? parameter : `${parameter}__${lookup}`, text, name, model);
  }
  const params = new URLSearchParams([...sent]);
  if (state.orderBy.length > 0) {
    const fields = state.orderBy.map((field) => {
      const descending = field.startsWith('-');
      const path = descending ? field.slice(1) : field;
      if (path.includes(','))
        throw unsupported(name, model, `the ordering field "${path}": "ordering" is a comma-separated list`);
      return (descending ? '-' : '') + djangoPath(path, name, model);
    });
    params.set('ordering', fields.join(','));
  }
  // Only with a limit: DRF ignores a lone offset when no default page size is set, and
  // treats limit=0 as "use the default". Distinct applies before the window, so a
  // server-side window would cut rows that the local distinct then merges.
  const window = state.limit !== null && state.limit > 0 && !state.distinct;
  if (window) {
    params.set('limit', String(state.limit));
    if (state.offset > 0) params.set('offset', String(state.offset));
  }
  return { params, orderBy: state.orderBy.length > 0, window };
};

const USE_DJANGO = 'use djangoQueryString if your API follows Django REST framework (it sends e.g. age__gte=18)';

/** Parameter names `djangoQueryString` uses itself, so no field may take them. */
const DJANGO_RESERVED = new Set(['ordering', 'limit', 'offset']);

/** Flattens nested ANDs; OR and NOT have no place in a flat list of parameters. */
function flatConditions(filters: readonly Expr[], builder: string, model: Model<unknown>): Condition[] {
  // visit() recurses through nested ANDs: a state made elsewhere is checked for nesting first.
  assertNesting(filters, 'query.where');
  const out: Condition[] = [];
  const visit = (expr: Expr): void => {
    if ('and' in expr) expr.and.forEach(visit);
    else if ('or' in expr) throw unsupported(builder, model, 'an OR filter (or(...)): query parameters are ANDed');
    else if ('not' in expr)
      throw unsupported(
        builder,
        model,
        'a negated filter (exclude() or not(...)): there is no standard parameter for it',
      );
    else out.push(expr);
  };
  filters.forEach(visit);
  return out;
}

/** `instead` names a way out besides the one that always exists: a custom builder. */
function unsupported(
  builder: string,
  model: Model<unknown>,
  what: string,
  instead = 'rewrite the query without it',
): UnsupportedQuery {
  return new UnsupportedQuery(
    `${builder} cannot express ${what} (query on ${model.app}.${model.name}). To fix: ${instead}, ` +
      `or pass RestStore a custom queryString builder that your API understands.`,
  );
}

/** Strings as is, numbers, bigints and booleans through `String`, Dates as ISO 8601. */
function encode(value: unknown, field: string, builder: string, model: Model<unknown>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  // null has no spelling that cannot also be a string ("null"), and django-filter reads an empty
  // parameter as "no filter", so null is refused rather than guessed.
  if (value === null) {
    throw unsupported(
      builder,
      model,
      `${field} = null: a query parameter cannot tell null from a string`,
      builder === 'djangoQueryString' ? 'filter with { isnull: true }' : `${USE_DJANGO} and { isnull: true }`,
    );
  }
  throw unsupported(
    builder,
    model,
    `${field} = ${Array.isArray(value) ? 'an array' : 'an object'}: a query parameter holds a string, number, ` +
      `boolean or Date`,
  );
}

function encodeListItem(item: unknown, field: string, builder: string, model: Model<unknown>): string {
  const text = encode(item, field, builder, model);
  if (text.includes(','))
    throw unsupported(
      builder,
      model,
      `${field} with the value ${JSON.stringify(text)}: list items are comma-separated`,
    );
  return text;
}

/**
 * Two conditions on one parameter cannot both reach the server: only identical ones are merged.
 * `sent` is a Map rather than the URLSearchParams, whose look-ups scan every parameter.
 */
function put(sent: Map<string, string>, key: string, value: string, builder: string, model: Model<unknown>): void {
  const existing = sent.get(key) ?? null;
  if (existing === value) return;
  if (existing !== null || (builder === 'djangoQueryString' && DJANGO_RESERVED.has(key))) {
    const clash =
      existing === null
        ? `"${key}", which it uses for ordering and pagination`
        : `"${key}" twice (${JSON.stringify(existing)} and ${JSON.stringify(value)})`;
    throw unsupported(
      builder,
      model,
      `a filter on the parameter ${clash}`,
      existing === null ? 'use lifterQueryString if your API follows it' : undefined,
    );
  }
  sent.set(key, value);
}

/** `first_name` → `firstName`, `company.name` → `companyName`; a leading `_` is kept. */
function camelCase(path: string): string {
  return path.replace(/[._]+([^._])/g, (match, next: string, offset: number) =>
    offset === 0 ? match : next.toUpperCase(),
  );
}

/** `company.name` → `company__name`; a field holding `__` would be read as a lookup, so it is refused. */
function djangoPath(path: string, builder: string, model: Model<unknown>): string {
  const parts = path.split('.');
  if (parts.some((part) => part === '' || part.includes('__'))) {
    throw unsupported(
      builder,
      model,
      `the field "${path}": Django separates nested fields and lookups with "__"`,
      'use lifterQueryString if your API follows it',
    );
  }
  return parts.join('__');
}
