import { fingerprint, same, snapshot, UNSUPPORTED } from './arguments';

// A query written inline in render is built again on every render, from fresh objects equal to the
// last ones. Each query remembers the queries derived from it (by method and arguments), so that
// building an equal one returns the same immutable query, whose key is already computed: only the
// arguments are compared, nothing is validated, copied or keyed again. A parent holds its last
// derived query, and up to MAX_REMEMBERED others weakly: a list of a thousand rows, each with its own
// query, finds them all again while they are on screen, and what nothing uses any more is not kept for
// this. A derived query holds its parent, so the way to it stays while it does. Fresh arguments are
// compared with a frozen copy of the earlier ones, or, for a filter object, with the conditions the
// query holds (a copy of the filter kept beside them would double what is kept, and what the garbage
// collector walks, for every query first built). Measured in bench/NOTES.md ("Queries built again").

/** How many queries derived from one query are remembered at most, besides the last (see above). */
const MAX_REMEMBERED = 2048;

/** Whether `args` would build `query` again, for a method whose query keeps its arguments in a form of its own. */
export type Rebuilds<Q> = (args: readonly unknown[], query: Q) => boolean;

/** A query derived from another: by which method, from which arguments, and the result. */
interface Derived<Q extends object> {
  /** The fingerprint of the arguments, once it was needed (to look this one up, or to remember it). */
  readonly print: number | undefined;
  readonly method: string;
  /** A frozen copy of the arguments, or `undefined` where `rebuilds` compares them with the query. */
  readonly args: readonly unknown[] | undefined;
  readonly rebuilds: Rebuilds<Q> | undefined;
  readonly query: Q;
}

/** A derived query no longer in the slot: held weakly, so that what nothing else uses is not kept for this. */
interface Remembered<Q extends object> extends Omit<Derived<Q>, 'query'> {
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
   * remembered, else a new one. Built from a frozen copy of `args` (so that a getter read twice, or a value
   * changed later, cannot make the query differ from what is remembered), unless `rebuilds` can tell equal
   * arguments from the query itself: it is then built from `args`, which it copies.
   */
  derive(method: string, args: unknown[], build: (args: unknown[]) => Q, rebuilds?: Rebuilds<Q>): Q {
    const last = this.#last;
    if (last !== undefined && last.method === method && equal(args, last)) return last.query;
    let print: number | undefined;
    let derived: Derived<Q> | undefined;
    // Only a query derived from in several ways has others to look through (the fingerprint is their key).
    if (this.#young !== undefined) {
      print = fingerprint(method, args);
      if (print === undefined) return build(args);
      derived = this.#find(print);
      if (derived !== undefined && !(derived.method === method && equal(args, derived))) derived = undefined;
    }
    if (derived === undefined && rebuilds !== undefined) {
      // Fingerprinted now: nothing of `args` is kept to do it later.
      print ??= fingerprint(method, args);
      if (print === undefined) return build(args);
      derived = { print, method, args: undefined, rebuilds, query: build(args) };
    } else if (derived === undefined) {
      // The argument list is the method's own (a rest parameter, or an array it made): copied if it holds objects.
      const copy = args.some(isObject) ? snapshot(args, 0) : args;
      if (copy === UNSUPPORTED) return build(args);
      derived = { print, method, args: copy as unknown[], rebuilds: undefined, query: build(copy as unknown[]) };
    }
    if (last !== undefined) this.#remember(last);
    this.#last = derived;
    return derived.query;
  }

  #find(print: number): Derived<Q> | undefined {
    if (this.#young === undefined) return undefined;
    const found = this.#young.get(print) ?? this.#old!.get(print);
    const query = found?.query.deref();
    return query === undefined ? undefined : { ...found!, query };
  }

  /** Keeps `derived` (the one in the slot until now) in the young generation, weakly. */
  #remember({ print, method, args, rebuilds, query }: Derived<Q>): void {
    if (this.#young === undefined || this.#young.size === MAX_REMEMBERED / 2) {
      this.#old = this.#young ?? new Map();
      this.#young = new Map();
    }
    // A snapshot is plain data: it has a fingerprint, the one its original had.
    const key = print ?? fingerprint(method, args as unknown[])!;
    this.#young.set(key, { print: key, method, args, rebuilds, query: new WeakRef(query) });
  }
}

/** Whether fresh `args` are those `derived` was built from. */
function equal<Q extends object>(args: unknown[], derived: Derived<Q>): boolean {
  return derived.args !== undefined ? same(args, derived.args, 0) : derived.rebuilds!(args, derived.query);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
