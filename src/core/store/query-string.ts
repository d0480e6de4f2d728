import { UnsupportedQuery } from '../errors';
import { assertNesting, type Condition, type Expr } from '../query/filter';
import type { Model } from '../model';
import type { QueryState } from '../query/state';
import { message } from '../texts';
import type { REST_TEXTS } from '../texts/rest';

type RestCode = keyof typeof REST_TEXTS;

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
      throw unsupported(301, name, model, path, lookup);
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
        throw unsupported(302, name, model, field);
      case 'isnull':
        text = value ? 'true' : 'false';
        break;
      case 'in':
      case 'range': {
        const items = value as readonly unknown[];
        // django-filter skips an empty parameter, so `in: []` would match every row instead of none.
        if (items.length === 0) throw unsupported(303, name, model, field);
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
      if (path.includes(',')) throw unsupported(304, name, model, path);
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

/** Parameter names `djangoQueryString` uses itself, so no field may take them. */
const DJANGO_RESERVED = new Set(['ordering', 'limit', 'offset']);

/** Flattens nested ANDs; OR and NOT have no place in a flat list of parameters. */
function flatConditions(filters: readonly Expr[], builder: string, model: Model<unknown>): Condition[] {
  // visit() recurses through nested ANDs: a state made elsewhere is checked for nesting first.
  assertNesting(filters, 'query.where');
  const out: Condition[] = [];
  const visit = (expr: Expr): void => {
    if ('and' in expr) expr.and.forEach(visit);
    else if ('or' in expr) throw unsupported(305, builder, model);
    else if ('not' in expr) throw unsupported(306, builder, model);
    else out.push(expr);
  };
  filters.forEach(visit);
  return out;
}

/** The error of `code` (texts/rest.ts): `builder` cannot send the query on `model`, for a reason told by `values`. */
function unsupported(code: RestCode, builder: string, model: Model<unknown>, ...values: string[]): UnsupportedQuery {
  const text = message as (code: RestCode, ...values: string[]) => string;
  return new UnsupportedQuery(text(code, builder, `${model.app}.${model.name}`, ...values));
}

/** Strings as is, numbers, bigints and booleans through `String`, Dates as ISO 8601. */
function encode(value: unknown, field: string, builder: string, model: Model<unknown>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  // null has no spelling that cannot also be a string ("null"), and django-filter reads an empty
  // parameter as "no filter", so null is refused rather than guessed.
  if (value === null) {
    throw unsupported(307, builder, model, field);
  }
  throw unsupported(308, builder, model, field, Array.isArray(value) ? 'an array' : 'an object');
}

function encodeListItem(item: unknown, field: string, builder: string, model: Model<unknown>): string {
  const text = encode(item, field, builder, model);
  if (text.includes(',')) throw unsupported(309, builder, model, field, text);
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
    throw existing === null
      ? unsupported(310, builder, model, key)
      : unsupported(311, builder, model, key, existing, value);
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
    throw unsupported(312, builder, model, path);
  }
  return parts.join('__');
}
