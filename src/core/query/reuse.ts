import { combinedForm } from './filter';

// A query written inline in render is built again on every render, from fresh objects equal to the
// last ones. Each query remembers the queries derived from it (by method and arguments), so that
// building an equal one returns the same immutable query, whose key is already computed: only the
// arguments are compared, nothing is validated, copied or keyed again. A parent holds its last
// derived query, and up to MAX_REMEMBERED others weakly (with a copy of their arguments): a list of a
// thousand rows, each with its own query, finds them all again while they are on screen, and what
// nothing uses any more is not kept for this. A derived query holds its parent, so the way to it stays
// while it does. Measured in bench/NOTES.md ("Queries built again").

/** Past this many levels of nesting in the arguments, nothing is remembered. */
const MAX_LEVELS = 32;
/** How many queries derived from one query are remembered at most, besides the last (see above). */
const MAX_REMEMBERED = 2048;

/** A query derived from another: by which method, from which arguments (a frozen copy), and the result. */
interface Derived<Q extends object> {
  /** The fingerprint of the arguments, once it was needed (to look this one up, or to remember it). */
  readonly print: number | undefined;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly query: Q;
}

/** A derived query no longer in the slot: held weakly, so that what nothing else uses is not kept for this. */
interface Remembered<Q extends object> {
  readonly print: number | undefined;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly query: WeakRef<Q>;
}

/**
 * The queries derived from one query. Most queries are derived from in one way only (a filter, then an
 * order, then a window), so the last one is held in a slot; a query derived from in several ways (the
 * empty query every `query(Model)` starts from) also keeps others, by fingerprint.
 */
export class DerivedQueries<Q extends object> {
  #last: Derived<Q> | undefined;
  /**
   * Two generations, made when needed: when the young one is full it becomes the old one, and the old one is
   * dropped; a query found in the old one moves to the young one. (Deleting the oldest entry of a `Map` one
   * by one would make V8 walk the deleted ones again at every eviction.)
   */
  #young: Map<number, Remembered<Q>> | undefined;
  #old: Map<number, Remembered<Q>> | undefined;

  /**
   * The query `build` makes from `args`: the one it made before from equal arguments if it is still
   * remembered, else a new one built from a frozen copy of `args` (so that a getter read twice, or a value
   * changed later, cannot make the query differ from what is remembered).
   */
  derive(method: string, args: unknown[], build: (args: unknown[]) => Q): Q {
    const last = this.#last;
    if (last !== undefined && last.method === method && same(args, last.args, 0)) return last.query;
    let print: number | undefined;
    let derived: Derived<Q> | undefined;
    // Only a query derived from in several ways has others to look through (the fingerprint is their key).
    if (this.#young !== undefined) {
      print = fingerprint(method, args);
      if (print === undefined) return build(args);
      derived = this.#find(print);
      if (derived !== undefined && !(derived.method === method && same(args, derived.args, 0))) derived = undefined;
    }
    if (derived === undefined) {
      // The argument list is the method's own (a rest parameter, or an array it made): copied if it holds objects.
      const copy = args.some(isObject) ? snapshot(args, 0) : args;
      if (copy === UNSUPPORTED) return build(args);
      derived = { print, method, args: copy as unknown[], query: build(copy as unknown[]) };
    }
    if (last !== undefined) this.#remember(last);
    this.#last = derived;
    return derived.query;
  }

  #find(print: number): Derived<Q> | undefined {
    if (this.#young === undefined) return undefined;
    const found = this.#young.get(print) ?? this.#old!.get(print);
    const query = found?.query.deref();
    return query === undefined ? undefined : { print, method: found!.method, args: found!.args, query };
  }

  /** Keeps `derived` (the one in the slot until now) in the young generation, weakly. */
  #remember({ print, method, args, query }: Derived<Q>): void {
    if (this.#young === undefined || this.#young.size === MAX_REMEMBERED / 2) {
      this.#old = this.#young ?? new Map();
      this.#young = new Map();
    }
    // A snapshot is plain data: it has a fingerprint, the one its original had.
    const key = print ?? fingerprint(method, args as unknown[])!;
    this.#young.set(key, { print: key, method, args, query: new WeakRef(query) });
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/**
 * A number that equal arguments share (different ones mostly do not), or `undefined` for arguments
 * that are not plain data (class instances, functions, symbols, deep nesting): those are not remembered.
 */
function fingerprint(method: string, args: unknown[]): number | undefined {
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
function same(value: unknown, copy: unknown, levels: number): boolean {
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
const UNSUPPORTED: unique symbol = Symbol('unsupported');

/**
 * A deep frozen copy of the arguments: plain objects and arrays copied (a `__proto__` key as data), Dates
 * copied, `or()`/`and()`/`not()` expressions (immutable) kept; {@link UNSUPPORTED} for what {@link fingerprint}
 * refuses (class instances, functions, symbols, inherited keys, deep nesting).
 */
function snapshot(value: unknown, levels: number): unknown {
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
