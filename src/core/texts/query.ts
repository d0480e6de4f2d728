import { describeValue } from '../errors';

/**
 * Messages about queries built wrongly, by code (see `message`). Each says what was wrong, where, and how to fix it;
 * the values are those the production message lists, in order.
 */
export const QUERY_TEXTS = {
  101: (i: number, field: unknown) =>
    `orderBy[${i}] must be a field name, "-" first for descending, got ${JSON.stringify(field)}.`,
  102: (count: number) => `valuesList(..., { flat: true }) takes exactly one field, got ${count}.`,
  103: () => 'aggregate() takes an object such as { total: { sum: "age" } }.',
  104: (name: string) =>
    `aggregate.${name} must be one of { count: "*" | field }, { sum: field }, { avg: field }, { min: field }, ` +
    '{ max: field }.',
  105: (method: string, count: unknown) => `${method}() takes a whole number of rows, 0 or more, got ${String(count)}.`,
  106: (method: string) => `${method}() needs at least one field.`,
  107: (method: string, i: number, field: unknown) =>
    `${method}[${i}] must be a field name, got ${JSON.stringify(field)}.`,
  108: (at: string) => `${at} has an empty field name.`,
  109: (at: string, path: string) =>
    `${at}: "${path}" is an empty object; write a value, a lookup such as { gte: 1 }, or a nested filter.`,
  110: (path: string) =>
    `${path} refers back to one of its parents (a circular structure), which cannot be part of a query.`,
  111: (at: string, path: string, lookups: string, fields: string, field: string) =>
    `${at}: "${path}" mixes lookups (${lookups}) with nested fields (${fields}); split them, ` +
    `or use a dotted key such as "${path}.${field}".`,
  112: (path: string, expected: string, got: unknown) => `${path} must be ${expected}, got ${describeValue(got)}.`,
  113: (at: string, got: unknown) =>
    `${at} must be a plain object such as { age: { gte: 18 } } or or(...)/and(...)/not(...), ` +
    `got ${describeValue(got)}.`,
  114: (path: string, limit: number) =>
    `${path} nests filter objects more than ${limit} levels deep (the limit); write a dotted key such as "a.b.c" ` +
    'instead.',
  115: (path: string, limit: number) =>
    `${path} nests or()/and()/not() more than ${limit} levels deep (the limit); flatten it, e.g. or(a, b, c) ` +
    'instead of or(a, or(b, c)).',
  116: (path: string, limit: number) =>
    `${path} nests or/and/not more than ${limit} levels deep (the limit); flatten it, e.g. { or: [a, b, c] } ` +
    'instead of { or: [a, { or: [b, c] }] }.',
  117: (path: string, limit: number) =>
    `${path} nests objects and arrays more than ${limit} levels deep (the limit); pass a flatter value.`,
  118: (path: string) =>
    `${path} refers back to one of its parents (a circular structure), which cannot be part of a query key.`,
  119: (path: string) => `${path} is an invalid Date, which cannot be part of a query key.`,
  120: (path: string, kind: string) =>
    `${path} is an instance of ${kind}, which cannot be part of a query key; pass a plain object, an array or a ` +
    'Date instead.',
  121: (path: string, value: number) =>
    `${path} is ${value}, which cannot be part of a query key; use null or a finite number.`,
  122: (path: string, type: string) =>
    `${path} is a ${type}, which cannot be part of a query key; pass plain data (strings, numbers, booleans, null, ` +
    'Dates, arrays, plain objects).',
  123: (name: string, fn: string, field: string, type: string, row: number) =>
    `aggregate.${name}: ${fn} needs numbers, but "${field}" holds ${type} in row ${row}.`,
  124: (what: string, got: unknown) =>
    `${what} must be a query such as query(User).filter({ age: 18 }), or a manager such as store.query(User), ` +
    `got ${describeValue(got)}.`,
  125: (where: string, expected: string, got: unknown) =>
    `hydrate: ${where} must be ${expected}, got ${describeValue(got)}; pass what dehydrate() returned, serialised ` +
    'with JSON.',
  126: (where: string, got: unknown) =>
    `${where} must be a plain object of the record's fields, e.g. { name: "Ann" }, got ${describeValue(got)}.`,
  127: (where: string, primaryKey: string, model: string, got: unknown) =>
    `${where} must be the "${primaryKey}" of a ${model} record (a string or a number), got ${describeValue(got)}.`,
  128: (where: string, failure: string) => `${where} cannot be sent as JSON: ${failure}.`,
} satisfies Record<number, (...values: never[]) => string>;
