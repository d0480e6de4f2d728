import { InvalidQuery } from './errors';

/**
 * The canonical form of a query value: a string that is the same for equal
 * values whatever the order of their object keys, and different for values
 * that differ. Object keys are sorted, array order is kept, `undefined`
 * members are dropped, Dates and bigints get a form no JSON value can take.
 * What cannot be keyed faithfully throws {@link InvalidQuery} naming its path.
 */
export function canonicalize(value: unknown, path = 'query'): string {
  return write(value, path, [], []);
}

/**
 * `steps` is the way from the root to `value` (keys and indexes): the path an error names is only
 * spelled out when there is an error, since this runs for every query built in render.
 */
function write(value: unknown, root: string, ancestors: object[], steps: (string | number)[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        const path = pathOf(root, steps);
        throw new InvalidQuery(`${path} is ${value}, which cannot be part of a query key; use null or a finite number.`, path);
      }
      // -0 and 0 are the same query; String() already prints -0 as "0".
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'function':
    case 'symbol': {
      const path = pathOf(root, steps);
      throw new InvalidQuery(
        `${path} is a ${typeof value}, which cannot be part of a query key; pass plain data (strings, numbers, booleans, null, Dates, arrays, plain objects).`,
        path,
      );
    }
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.includes(object)) {
    const path = pathOf(root, steps);
    throw new InvalidQuery(`${path} refers back to one of its parents (a circular structure), which cannot be part of a query key.`, path);
  }
  if (object instanceof Date) {
    const time = object.getTime();
    if (Number.isNaN(time)) {
      const path = pathOf(root, steps);
      throw new InvalidQuery(`${path} is an invalid Date, which cannot be part of a query key.`, path);
    }
    return `Date(${object.toISOString()})`;
  }
  ancestors.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) {
      steps.push(i);
      out += (i === 0 ? '' : ',') + write(object[i], root, ancestors, steps);
      steps.pop();
    }
    out += ']';
  } else {
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const path = pathOf(root, steps);
      const kind = (proto?.constructor?.name as string | undefined) || 'object';
      throw new InvalidQuery(
        `${path} is an instance of ${kind}, which cannot be part of a query key; pass a plain object, an array or a Date instead.`,
        path,
      );
    }
    const record = object as Record<string, unknown>;
    out = '{';
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      steps.push(key);
      out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + write(member, root, ancestors, steps);
      steps.pop();
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

function pathOf(root: string, steps: readonly (string | number)[]): string {
  return root + steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
}

/**
 * A deep copy of a query value, checked like {@link canonicalize}, so that a
 * query never changes when the caller later mutates what it passed in.
 * Keys such as `__proto__` are copied as own data properties, never as prototypes.
 */
export function snapshot<V>(value: V, path: string): V {
  canonicalize(value, path);
  return copy(value) as V;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return Object.freeze(value.map(copy));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copy((value as Record<string, unknown>)[key]);
    // Assigning "__proto__" would set the prototype: that one key is defined instead (slower, so only it).
    if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return Object.freeze(out);
}
