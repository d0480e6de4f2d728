import { canonicalizeAt, conditionForm, frozenCopy, MAX_DEPTH, tooDeep } from './canonical';
import { InvalidQuery } from '../errors';
import { message } from '../texts';

// Turning a filter object into the conditions it asks for: checked, copied, sorted, and with the
// canonical forms the key is made of, written here where each value's is at hand.

/**
 * The field lookups, as in lifter and Django. `eq` is the default. New ones go at the end: this
 * order sorts the conditions of a query, so it is part of every key.
 */
export const LOOKUPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'icontains',
  'startswith',
  'endswith',
  'isnull',
  'range',
  'istartswith',
  'iendswith',
] as const;

/** A field lookup name. */
export type Lookup = (typeof LOOKUPS)[number];

/** One test of one field: `{ path: 'company.name', lookup: 'eq', value: 'Acme' }`. */
export interface Condition {
  readonly path: string;
  readonly lookup: Lookup;
  readonly value: unknown;
}

/** A condition with the canonical form of its value (which orders conditions on one path and lookup), and its own. */
export interface KeyedCondition {
  readonly expr: Condition;
  readonly canonical: string;
  readonly value: string;
}

const LOOKUP_SET: ReadonlySet<string> = new Set(LOOKUPS);

/** Whether `key` names a lookup (`gte`, `in`, …) rather than a field. */
export function isLookup(key: string): boolean {
  return LOOKUP_SET.has(key);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The conditions a filter object such as `{ age: { gte: 18 }, company: { name: 'Acme' } }` asks for,
 * each checked, its value copied, in the order of their canonical forms. `at` names the call for
 * error messages.
 */
export function parseFilter(input: Record<string, unknown>, at: string): KeyedCondition[] {
  const built: KeyedCondition[] = [];
  collect(input, '', at, built, [input]);
  // AND is commutative: sorting makes { a, b }, { b, a } and { x: { y } } / { 'x.y' } one query, hence one key.
  sortConditions(built);
  return built;
}

/** Up to this many conditions, an insertion sort is faster than `Array#sort`; past it, its n² shows. */
const INSERTION_SORT_MAX = 16;

/**
 * Sorts in place by {@link byPathLookupValue}, stably: an insertion sort for the few conditions of a
 * typical query, `Array#sort` past {@link INSERTION_SORT_MAX}. Measured in bench/NOTES.md.
 */
function sortConditions(built: KeyedCondition[]): void {
  if (built.length > INSERTION_SORT_MAX) {
    built.sort(byPathLookupValue);
    return;
  }
  for (let i = 1; i < built.length; i++) {
    const item = built[i]!;
    let j = i - 1;
    for (; j >= 0 && byPathLookupValue(built[j]!, item) > 0; j--) built[j + 1] = built[j]!;
    built[j + 1] = item;
  }
}

/**
 * Orders conditions by path, then lookup, then value: `{ 'x.y': 1, x: { y: 2 } }` puts two
 * conditions on one path and lookup, and only their values can order them whatever the key order.
 */
function byPathLookupValue({ expr: p, value: a }: KeyedCondition, { expr: q, value: b }: KeyedCondition): number {
  if (p.path !== q.path) return p.path < q.path ? -1 : 1;
  if (p.lookup !== q.lookup) return LOOKUPS.indexOf(p.lookup) - LOOKUPS.indexOf(q.lookup);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `parents`: the filter objects from the top one to `input`, which is the last. */
function collect(
  input: Record<string, unknown>,
  prefix: string,
  at: string,
  out: KeyedCondition[],
  parents: object[],
): void {
  for (const field of Object.keys(input)) {
    const value = input[field];
    if (value === undefined) continue;
    if (field === '') throw new InvalidQuery(message(108, at), at);
    const path = prefix + field;
    if (!isPlainObject(value)) {
      out.push(condition(path, 'eq', value, at));
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) {
      throw new InvalidQuery(message(109, at, path), `${at}.${path}`);
    }
    // Counted rather than filtered out: no array per field of every query built in render.
    let lookups = 0;
    for (const key of keys) if (LOOKUP_SET.has(key)) lookups++;
    if (lookups === keys.length) {
      for (const lookup of keys) {
        if (value[lookup] !== undefined) out.push(condition(path, lookup as Lookup, value[lookup], at));
      }
    } else if (lookups === 0) {
      // A nested filter that contains itself would otherwise recurse until the stack overflows.
      if (parents.includes(value)) {
        throw new InvalidQuery(message(110, `${at}.${path}`), `${at}.${path}`);
      }
      if (parents.length === MAX_DEPTH) throw tooDeep(114, `${at}.${path}`);
      parents.push(value);
      collect(value, `${path}.`, at, out, parents);
      parents.pop();
    } else {
      const fields = keys.filter((k) => !LOOKUP_SET.has(k));
      const lookupList = keys.filter((k) => LOOKUP_SET.has(k)).join(', ');
      const mixed = message(111, at, path, lookupList, fields.join(', '), fields[0]!);
      throw new InvalidQuery(mixed, `${at}.${path}`);
    }
  }
}

function condition(path: string, lookup: Lookup, raw: unknown, at: string): KeyedCondition {
  // The path an error names (`filter.age.gte`) is spelled out only on error: this runs for every
  // condition of every query written inline in render.
  const value = canonicalizeAt(raw, at, path, lookup === 'eq' ? undefined : lookup);
  const copy = frozenCopy(raw);
  const expected = mismatch(lookup, copy);
  if (expected !== undefined) {
    const location = lookup === 'eq' ? `${at}.${path}` : `${at}.${path}.${lookup}`;
    throw new InvalidQuery(message(112, location, expected, raw), location);
  }
  return { expr: Object.freeze({ path, lookup, value: copy }), canonical: conditionForm(path, lookup, value), value };
}

/** What a lookup needs its value to be, when `value` is not that; `undefined` when it is fine. */
function mismatch(lookup: Lookup, value: unknown): string | undefined {
  switch (lookup) {
    case 'in':
      return Array.isArray(value) ? undefined : 'an array of values';
    case 'range':
      return Array.isArray(value) && value.length === 2 ? undefined : 'a [low, high] pair';
    case 'isnull':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'icontains':
    case 'startswith':
    case 'endswith':
    case 'istartswith':
    case 'iendswith':
      return typeof value === 'string' ? undefined : 'a string';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return value !== null ? undefined : 'a number, string, bigint or Date (use isnull to test for null)';
  }
  return undefined;
}
