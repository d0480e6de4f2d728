import { canonicalize } from './canonical';
import type { Expr, Lookup } from './filter';

// Whether a row matches a filter, lookup by lookup, as lifter's IterableStore decides it.

/**
 * Every value a dotted path reaches in a row, as lifter and Django read a path through related
 * records: where a value on the way is an array and parts of the path remain, each element is
 * followed (through arrays of arrays too); the value at the end is taken as is. Only own properties
 * are followed. A path that reaches nothing (an empty array, a missing field) reaches one missing
 * value, as a LEFT JOIN gives a row of nulls.
 */
function reach(row: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const reached: unknown[] = [];
  // Values still to follow, with the part each is at: a stack rather than recursion, so arrays
  // nested however deep in a row cannot overflow the call stack.
  const values: unknown[] = [row];
  const at: number[] = [0];
  while (values.length > 0) {
    let value = values.pop();
    let part = at.pop()!;
    for (; part < parts.length && !Array.isArray(value); part++) {
      const key = parts[part]!;
      value =
        value !== null && typeof value === 'object' && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    if (part === parts.length) reached.push(value);
    else {
      const items = value as readonly unknown[];
      for (let i = items.length - 1; i >= 0; i--) {
        values.push(items[i]);
        at.push(part);
      }
    }
  }
  if (reached.length === 0) reached.push(undefined);
  return reached;
}

/** Whether `row` matches the filter expression `expr` (its conditions, and/or/not). */
export function matchesExpr(row: unknown, expr: Expr): boolean {
  if ('and' in expr) return expr.and.every((inner) => matchesExpr(row, inner));
  if ('or' in expr) return expr.or.some((inner) => matchesExpr(row, inner));
  if ('not' in expr) return !matchesExpr(row, expr.not);
  const { lookup, value } = expr;
  const fields = reach(row, expr.path);
  // Not "some value differs": ne is the negation of eq over the same values, as exclude() reads it.
  if (lookup === 'ne') return !fields.some((field) => equal(field, value));
  return fields.some((field) => matches(field, lookup, value));
}

/** Whether one value reached by a condition's path satisfies its lookup. */
function matches(field: unknown, lookup: Exclude<Lookup, 'ne'>, value: unknown): boolean {
  switch (lookup) {
    case 'eq':
      return equal(field, value);
    case 'gt':
      return compare(field, value) > 0;
    case 'gte':
      return compare(field, value) >= 0;
    case 'lt':
      return compare(field, value) < 0;
    case 'lte':
      return compare(field, value) <= 0;
    case 'in':
      return (value as unknown[]).some((candidate) => equal(field, candidate));
    case 'range': {
      const [low, high] = value as [unknown, unknown];
      return compare(field, low) >= 0 && compare(field, high) <= 0;
    }
    case 'contains':
      if (Array.isArray(field)) return field.some((item) => equal(item, value));
      return typeof field === 'string' && typeof value === 'string' && field.includes(value);
    case 'icontains':
      return typeof field === 'string' && field.toLowerCase().includes((value as string).toLowerCase());
    case 'startswith':
      return typeof field === 'string' && field.startsWith(value as string);
    case 'endswith':
      return typeof field === 'string' && field.endsWith(value as string);
    case 'istartswith':
      return typeof field === 'string' && field.toLowerCase().startsWith((value as string).toLowerCase());
    case 'iendswith':
      return typeof field === 'string' && field.toLowerCase().endsWith((value as string).toLowerCase());
    case 'isnull':
      return (field === null || field === undefined) === value;
  }
}

/** Equality as a user means it: a missing field equals null, Dates by time, objects and arrays by content. */
function equal(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  try {
    return canonicalize(a, 'row') === canonicalize(b, 'row');
  } catch {
    return false;
  }
}

/**
 * Orders two values of the same kind (numbers and bigints, strings, Dates,
 * booleans). Values of different kinds, or null, are incomparable: NaN, so
 * every range lookup on them is false.
 */
export function compare(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (a instanceof Date !== b instanceof Date) return Number.NaN;
  const kind = (v: unknown) => (typeof v === 'bigint' ? 'number' : typeof v);
  if (x === null || x === undefined || y === null || y === undefined || kind(x) !== kind(y)) return Number.NaN;
  if (!['number', 'string', 'boolean'].includes(kind(x))) return Number.NaN;
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}
