import { InvalidQuery } from '../errors';
import type { QueryState } from './state';
import { message } from '../texts';

/**
 * How deep a query may nest, for each kind of nesting on its own: objects and arrays in a filter
 * value, filter objects in a filter, or()/and()/not() in each other. Far beyond any real query; it
 * keeps every walk of a query (keying, matching rows, query strings) well inside the call stack.
 */
export const MAX_DEPTH = 256;

/**
 * How deep a whole query state may nest when walked (by {@link canonicalize}): its own object and
 * `where` list, two levels (object and list) for each or()/and(), one condition, and its value.
 */
const STATE_DEPTH = 2 + 2 * MAX_DEPTH + 1 + MAX_DEPTH;

/** The error for nesting more than `limit` levels deep at `path`; `code` says what nests, and how to avoid it. */
export function tooDeep(code: 114 | 115 | 116 | 117, path: string, limit = MAX_DEPTH): InvalidQuery {
  return new InvalidQuery(message(code, path, limit), path);
}

/**
 * The canonical form of a query value: a string that is the same for equal
 * values whatever the order of their object keys, and different for values
 * that differ. Object keys are sorted, array order is kept, `undefined`
 * members are dropped, Dates and bigints get a form no JSON value can take.
 * What cannot be keyed faithfully throws {@link InvalidQuery} naming its path.
 */
export function canonicalize(value: unknown, path = 'query'): string {
  return write(value, path, null, [], STATE_DEPTH);
}

/**
 * `steps` is the way from the root to `value` (keys and indexes): the path an error names is only
 * spelled out when there is an error, since this runs for every query built in render. `parents`
 * are the objects on that way (null above the first), to catch circular structures; at most `limit`.
 */
function write(
  value: unknown,
  root: string,
  parents: object[] | null,
  steps: (string | number)[],
  limit: number,
): string {
  if (typeof value !== 'object' || value === null) return primitive(value) ?? unkeyable(value, pathOf(root, steps));
  const object = value as object;
  // Made at the first object: most values of a query are not objects, and this runs for every one.
  const ancestors = parents ?? [];
  if (ancestors.includes(object)) {
    const path = pathOf(root, steps);
    throw new InvalidQuery(message(118, path), path);
  }
  if (object instanceof Date) {
    const time = object.getTime();
    if (Number.isNaN(time)) {
      const path = pathOf(root, steps);
      throw new InvalidQuery(message(119, path), path);
    }
    return `Date(${object.toISOString()})`;
  }
  if (ancestors.length === limit) throw tooDeep(117, pathOf(root, steps), limit);
  ancestors.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) {
      steps.push(i);
      out += (i === 0 ? '' : ',') + write(object[i], root, ancestors, steps, limit);
      steps.pop();
    }
    out += ']';
  } else {
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const path = pathOf(root, steps);
      const kind = (proto?.constructor?.name as string | undefined) || 'object';
      throw new InvalidQuery(message(120, path, kind), path);
    }
    const record = object as Record<string, unknown>;
    out = '{';
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      steps.push(key);
      out += (out.length === 1 ? '' : ',') + quote(key) + ':' + write(member, root, ancestors, steps, limit);
      steps.pop();
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

/**
 * `JSON.stringify(text)`: a string in double quotes, escaped. Most strings of a query need no escape,
 * and checking that is faster than calling `JSON.stringify` (bench/NOTES.md).
 */
function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // What JSON.stringify escapes: control characters, " and \, and (well-formed since ES2019) lone surrogates.
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff))
      return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** The canonical form of a value that is not an object; `undefined` for NaN, ±Infinity, functions and symbols. */
function primitive(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // -0 and 0 are the same query; String() already prints -0 as "0".
      return Number.isFinite(value) ? String(value) : undefined;
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'object': // null: the only object that gets here
      return 'null';
  }
  return undefined;
}

function unkeyable(value: unknown, path: string): never {
  if (typeof value === 'number') {
    throw new InvalidQuery(message(121, path, value), path);
  }
  throw new InvalidQuery(message(122, path, typeof value), path);
}

function pathOf(root: string, steps: readonly (string | number)[]): string {
  return root + steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
}

/**
 * {@link canonicalize} for a filter value at `root.field` or `root.field.lookup` (`filter.age.gte`),
 * nesting at most {@link MAX_DEPTH} levels: that path is only put together for an object (whose
 * parts may need naming) or an error, since this runs for every value of every query written
 * inline in render.
 */
export function canonicalizeAt(value: unknown, root: string, field: string, lookup?: string): string {
  const text = typeof value === 'object' ? undefined : primitive(value);
  return text ?? write(value, root, null, lookup === undefined ? [field] : [field, lookup], MAX_DEPTH);
}

/**
 * A deep frozen copy of a query value (that {@link canonicalizeAt} accepts, so it is not circular and
 * at most {@link MAX_DEPTH} deep), so that a query never changes when the caller later mutates what
 * it passed in. Keys such as `__proto__` are copied as own data properties, never as prototypes.
 */
export function frozenCopy<V>(value: V): V {
  return copy(value, 0) as V;
}

/** `levels`: the objects and arrays around `value`, checked again so that no value can overflow the stack. */
function copy(value: unknown, levels: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (levels === MAX_DEPTH) throw tooDeep(117, 'value');
  if (Array.isArray(value)) return Object.freeze(value.map((item) => copy(item, levels + 1)));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copy((value as Record<string, unknown>)[key], levels + 1);
    // Assigning "__proto__" would set the prototype: that one key is defined instead (slower, so only it).
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return Object.freeze(out);
}

// Fast paths. The builder writes the canonical form of what it builds as it goes, from parts already
// in canonical form, so that a query written inline in render is keyed without a second walk. Each
// writes exactly what `canonicalize` would (pinned by test/core/query/pinned-keys.test.ts); their
// measurements are in bench/NOTES.md ("The canonical form's fast paths").

/**
 * The form of the condition `{ path, lookup, value }` whose value's form is `value`: keys in sorted order, lookup names
 * need no escaping.
 */
export function conditionForm(path: string, lookup: string, value: string): string {
  return `{"lookup":"${lookup}","path":${quote(path)},"value":${value}}`;
}

/** The form of `{ not: expr }`, from the form of `expr`. */
export function negationForm(form: string): string {
  return `{"not":${form}}`;
}

/** The form of `{ and: parts }` or `{ or: parts }` (one key: nothing to sort), from the forms of the parts. */
export function junctionForm(kind: 'and' | 'or', forms: readonly string[]): string {
  return `{"${kind}":[${forms.join(',')}]}`;
}

/**
 * The form of a state made by `nextState` (its nine keys in sorted order). `filters` is the forms of
 * `state.where`, comma-separated, when the builder wrote them; otherwise they are walked.
 */
export function stateForm(state: QueryState, filters?: string): string {
  return (
    `{"action":${canonicalize(state.action, 'query.action')}` +
    `,"aggregate":${canonicalize(state.aggregate, 'query.aggregate')}` +
    `,"distinct":${canonicalize(state.distinct, 'query.distinct')}` +
    `,"fields":${canonicalize(state.fields, 'query.fields')}` +
    `,"limit":${canonicalize(state.limit, 'query.limit')},"offset":${canonicalize(state.offset, 'query.offset')}` +
    `,"orderBy":${canonicalize(state.orderBy, 'query.orderBy')},"shape":${canonicalize(state.shape, 'query.shape')}` +
    `,"where":${filters === undefined ? canonicalize(state.where, 'query.where') : `[${filters}]`}}`
  );
}
