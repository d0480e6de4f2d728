import { type Condition, isLookup, isPlainObject } from './conditions';
import { combinedForm, type Expr } from './filter';
import type { Query } from './query';
import type { Rebuilds } from './reuse';

// What the reuse of derived queries (./reuse.ts) knows of arguments: a fingerprint to look them up by, whether
// fresh ones equal a copy kept of earlier ones, the copy itself, and whether a filter object asks for exactly the
// conditions a query already holds (so that no copy of it need be kept).

/** Past this many levels of nesting in the arguments, nothing is remembered. */
const MAX_LEVELS = 32;

/**
 * A number that equal arguments share (different ones mostly do not), or `undefined` for arguments
 * that are not plain data (class instances, functions, symbols, deep nesting): those are not remembered.
 */
export function fingerprint(method: string, args: unknown[]): number | undefined {
  let h = mixString(0x811c9dc5, method);
  for (const arg of args) {
    const mixed = mix(h, arg, 0);
    if (mixed === undefined) return undefined;
    h = mixed;
  }
  return h;
}

function mix(h: number, value: unknown, levels: number): number | undefined {
  switch (typeof value) {
    case 'string':
      return mixString(h, value);
    case 'number':
      return Math.imul(h ^ (value * 1000003), 0x01000193) ^ 1;
    case 'boolean':
      return Math.imul(h ^ (value ? 3 : 5), 0x01000193);
    case 'undefined':
      return Math.imul(h ^ 7, 0x01000193);
    case 'bigint':
      return mixString(h ^ 11, String(value));
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return Math.imul(h ^ 13, 0x01000193);
  if (levels === MAX_LEVELS) return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return Math.imul(h ^ (value as Date).getTime(), 0x01000193) ^ 17;
  if (proto === Array.prototype) {
    h = Math.imul(h ^ (value as unknown[]).length, 0x01000193) ^ 19;
    for (const item of value as unknown[]) {
      const mixed = mix(h, item, levels + 1);
      if (mixed === undefined) return undefined;
      h = mixed;
    }
    return h;
  }
  if (proto !== Object.prototype && proto !== null) return undefined;
  const form = combinedForm(value);
  if (form !== undefined) return mixString(h ^ 23, form);
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return undefined;
    const mixed = mix(mixString(h, key), (value as Record<string, unknown>)[key], levels + 1);
    if (mixed === undefined) return undefined;
    h = mixed;
  }
  return h;
}

/** The length and the characters at both ends: enough to tell most strings apart, in constant time. */
function mixString(h: number, text: string): number {
  const n = text.length;
  h = Math.imul(h ^ n, 0x01000193);
  for (let i = 0; i < n && i < 12; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (let i = Math.max(12, n - 12); i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Whether `value` (what a caller passes now) equals `copy` (a {@link snapshot} of what was passed before). */
export function same(value: unknown, copy: unknown, levels: number): boolean {
  if (typeof copy !== 'object' || copy === null) return Object.is(value, copy);
  if (typeof value !== 'object' || value === null || levels === MAX_LEVELS) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.getPrototypeOf(copy)) return false;
  if (proto === Date.prototype) return (value as Date).getTime() === (copy as Date).getTime();
  if (proto === Array.prototype) {
    const items = value as unknown[];
    const copies = copy as unknown[];
    if (items.length !== copies.length) return false;
    for (let i = 0; i < items.length; i++) if (!same(items[i], copies[i], levels + 1)) return false;
    return true;
  }
  const form = combinedForm(copy);
  if (form !== undefined) return combinedForm(value) === form;
  if (combinedForm(value) !== undefined) return false;
  let count = 0;
  for (const key in value) {
    if (
      !Object.hasOwn(value, key) ||
      !Object.hasOwn(copy, key) ||
      !same((value as Record<string, unknown>)[key], (copy as never)[key], levels + 1)
    )
      return false;
    count++;
  }
  // `copy` holds only its own enumerable keys: as many as `value` has, all found there, means the same keys.
  for (const _ in copy) count--;
  return count === 0;
}

/** What {@link snapshot} returns for arguments that are not plain data: those are not remembered. */
export const UNSUPPORTED: unique symbol = Symbol('unsupported');

/**
 * A deep frozen copy of the arguments: plain objects and arrays copied (a `__proto__` key as data), Dates
 * copied, `or()`/`and()`/`not()` expressions (immutable) kept; {@link UNSUPPORTED} for what {@link fingerprint}
 * refuses (class instances, functions, symbols, inherited keys, deep nesting).
 */
export function snapshot(value: unknown, levels: number): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') return UNSUPPORTED;
  if (typeof value !== 'object' || value === null) return value;
  if (levels === MAX_LEVELS) return UNSUPPORTED;
  const proto = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return new Date((value as Date).getTime());
  if (proto === Array.prototype) {
    const items: unknown[] = [];
    for (const item of value as unknown[]) {
      const copy = snapshot(item, levels + 1);
      if (copy === UNSUPPORTED) return UNSUPPORTED;
      items.push(copy);
    }
    return Object.freeze(items);
  }
  if (proto !== Object.prototype && proto !== null) return UNSUPPORTED;
  if (combinedForm(value) !== undefined) return value;
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return UNSUPPORTED;
    const member = snapshot((value as Record<string, unknown>)[key], levels + 1);
    if (member === UNSUPPORTED) return UNSUPPORTED;
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return Object.freeze(out);
}

type AnyQuery = Query<any, any, any>;

/** A query's last filter tells whether a filter object would add it again (see {@link sameFilter}). */
const SAME_FILTER: Rebuilds<AnyQuery> = ([input], built) => sameFilter(input, built.state.where.at(-1));
const SAME_EXCLUSION: Rebuilds<AnyQuery> = ([input], built) => {
  const last = built.state.where.at(-1);
  return last !== undefined && 'not' in last && sameFilter(input, last.not);
};

/**
 * How `filter(input)` (`exclude(input)` when `negated`) tells equal arguments: by the query's last filter for a
 * filter object; `undefined` (by a copy) for an `or()`/`and()`/`not()` expression, which compares by its form.
 */
export function filterRebuilds(input: unknown, negated: boolean): Rebuilds<AnyQuery> | undefined {
  if (input !== null && typeof input === 'object' && combinedForm(input) !== undefined) return undefined;
  return negated ? SAME_EXCLUSION : SAME_FILTER;
}

/**
 * Whether `toExpr(input)` would build `expr` again: `input` a filter object (not `or()`/`and()`/`not()`), `expr`
 * what the builder made of an equal one. `input` is walked as the builder walks it, and each value it asks for
 * matched to one condition of `expr` with the same path and lookup and an equal value; `false` when unsure.
 */
function sameFilter(input: unknown, expr: Expr | undefined): boolean {
  if (expr === undefined || !isPlainObject(input) || combinedForm(input) !== undefined) return false;
  // A filter object becomes one condition, or `and` over its conditions (none for `{}`).
  const conditions = 'and' in expr ? (expr.and as readonly Condition[]) : 'path' in expr ? [expr] : undefined;
  // One bit per condition matched: past 30, the query is built again rather than matched.
  if (conditions === undefined || conditions.length > 30) return false;
  return matchConditions(input, '', conditions, 0, 0) === 2 ** conditions.length - 1;
}

/** `matched` (one bit per condition) with the conditions `input` asks for added; -1 for one that is not there. */
function matchConditions(
  input: Record<string, unknown>,
  prefix: string,
  conditions: readonly Condition[],
  matched: number,
  levels: number,
): number {
  for (const field in input) {
    if (!Object.hasOwn(input, field) || field === '') return -1;
    const value = input[field];
    if (value === undefined) continue;
    const path = prefix + field;
    if (!isPlainObject(value)) {
      matched = matchCondition(conditions, matched, path, 'eq', value);
    } else {
      let keys = 0;
      let lookups = 0;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) return -1;
        keys++;
        if (isLookup(key)) lookups++;
      }
      if (keys === 0 || (lookups > 0 && lookups < keys) || levels === MAX_LEVELS) return -1;
      if (lookups === 0) matched = matchConditions(value, `${path}.`, conditions, matched, levels + 1);
      else {
        for (const lookup in value) {
          const wanted = value[lookup];
          if (wanted !== undefined) matched = matchCondition(conditions, matched, path, lookup, wanted);
          if (matched === -1) return -1;
        }
      }
    }
    if (matched === -1) return -1;
  }
  return matched;
}

/** `matched` with the first condition not matched yet that asks for `value` at `path` and `lookup`; -1 if none. */
function matchCondition(
  conditions: readonly Condition[],
  matched: number,
  path: string,
  lookup: string,
  value: unknown,
): number {
  for (let i = 0; i < conditions.length; i++) {
    const { path: p, lookup: l, value: copy } = conditions[i]!;
    if ((matched & (1 << i)) === 0 && p === path && l === lookup && same(value, copy, 0)) return matched | (1 << i);
  }
  return -1;
}
