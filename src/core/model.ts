import { ConfigurationError } from './errors';
import { message } from './texts';

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * A kind of record: `app` and `name` (and the REST `plural`) identify it; `T` is the row type and
 * `K` the name of its primary key field.
 */
export interface Model<T, K extends string = string> {
  readonly app: string;
  readonly name: string;
  readonly plural: string;
  /** The field that identifies a record, for `update(id, …)` and `delete(id)`. Default `'id'`. */
  readonly primaryKey: K;
  /** Type-only marker carrying the row type; never set at run time. */
  readonly __row?: T;
}

/** Options of {@link defineModel}. */
export interface ModelOptions<K extends string = string> {
  app: string;
  name: string;
  /** Collection name used by REST stores; defaults to `name + 's'`. */
  plural?: string;
  /** The field that identifies a record; defaults to `'id'`. */
  primaryKey?: K;
}

/** What `create` takes: the model's fields, the primary key optional (the store may give it). */
export type Creatable<T, K extends string> = K extends keyof T ? Omit<T, K> & Partial<Pick<T, K>> : T;

/** The type of a record's primary key. */
export type IdOf<T, K extends string> = K extends keyof T ? T[K] : string | number;

/**
 * Checks a name that becomes part of a cache key. Only `[A-Za-z0-9_.-]` is
 * allowed so `a:b` + `c` can never produce the same key as `a` + `b:c`.
 */
export function assertName(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new ConfigurationError(message(201, what, value));
  }
}

/**
 * Checks that `value` is a model (as {@link defineModel} makes) whose names can be part of a key:
 * a `ConfigurationError` naming `what` (such as `useQuery: the model (second argument)`) otherwise.
 */
export function assertModel(value: unknown, what: string): asserts value is Model<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigurationError(message(202, what, value));
  }
  const { app, name } = value as Partial<Model<unknown>>;
  if (typeof app !== 'string') throw new ConfigurationError(message(225, what, 'app', app));
  if (typeof name !== 'string') throw new ConfigurationError(message(225, what, 'name', name));
  // Names spelled out only on error: this runs for every key computed in render.
  if (!NAME_PATTERN.test(app)) assertName(app, `${what}: its "app"`);
  if (!NAME_PATTERN.test(name)) assertName(name, `${what}: its "name"`);
}

/**
 * Defines a model. `T` is the shape of one record and flows into every result type; `K`, its
 * primary key field (`'id'` unless given, e.g. `defineModel<Book, 'isbn'>({ …, primaryKey: 'isbn' })`).
 *
 * @example
 * const User = defineModel<{ id: number; name: string }>({ app: 'my_app', name: 'user' });
 */
export function defineModel<T, K extends string = 'id'>(options: ModelOptions<K>): Model<T, K> {
  const { app, name, plural = `${name}s`, primaryKey = 'id' as K } = options ?? ({} as ModelOptions<K>);
  assertName(app, 'defineModel: "app"');
  assertName(name, 'defineModel: "name"');
  assertName(plural, 'defineModel: "plural"');
  if (typeof primaryKey !== 'string' || primaryKey === '') {
    throw new ConfigurationError(message(203, primaryKey));
  }
  return Object.freeze({ app, name, plural, primaryKey });
}
