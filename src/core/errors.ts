/**
 * Base class of every error react-lifter throws on purpose. Catch this to tell
 * our errors from anything else; check the subclass to act on the cause.
 */
export class LifterError extends Error {
  /**
   * The class's name, written out: a minifier renames classes (`ConfigurationError` becomes `g`), so
   * `constructor.name` is not it in production. A subclass without its own takes `constructor.name`.
   */
  static readonly errorName: string = 'LifterError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = Object.hasOwn(new.target, 'errorName') ? (new.target as typeof LifterError).errorName : new.target.name;
  }
}

/** A model, store or cache was set up wrongly (bad name, cache without identifier, …). */
export class ConfigurationError extends LifterError {
  static override readonly errorName = 'ConfigurationError';
}

/** A query cannot be built or keyed: the message names the path of the bad value. */
export class InvalidQuery extends LifterError {
  static override readonly errorName = 'InvalidQuery';
  /** Where in the query the bad value sits, e.g. `filter.tags.in[2]`. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

/** The store cannot express this query (e.g. an OR filter sent to a REST API that only knows `eq`). */
export class UnsupportedQuery extends LifterError {
  static override readonly errorName = 'UnsupportedQuery';
}

/** The backend refused the query or the write as malformed (HTTP 4xx). */
export class BadQuery extends LifterError {
  static override readonly errorName = 'BadQuery';
  /** The HTTP status, when the backend is HTTP. */
  readonly status: number | undefined;
  /**
   * The server's errors by field, when it answered a JSON object: e.g. Django REST framework's
   * `{ title: ['This field is required.'] }`, to show beside a form's fields.
   */
  readonly fields: Readonly<Record<string, unknown>> | undefined;
  constructor(
    message: string,
    options?: { cause?: unknown; status?: number; fields?: Readonly<Record<string, unknown>> },
  ) {
    super(message, options);
    this.status = options?.status;
    this.fields = options?.fields;
  }
}

/** The backend failed (HTTP 5xx, network failure, unreadable response). */
export class StoreError extends LifterError {
  static override readonly errorName = 'StoreError';
  /** The HTTP status, when there was a response. */
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.status = options?.status;
  }
}

/** `get()` matched no record. */
export class DoesNotExist extends LifterError {
  static override readonly errorName = 'DoesNotExist';
}

/** `get()` matched more than one record. */
export class MultipleObjectsReturned extends LifterError {
  static override readonly errorName = 'MultipleObjectsReturned';
}

/** `cache.get(key, undefined, { reraise: true })` found nothing live under the key. */
export class NotInCache extends LifterError {
  static override readonly errorName = 'NotInCache';
}

/** `cache.get(key, undefined, { reraise: true })` was called on a disabled cache. */
export class DisabledCache extends LifterError {
  static override readonly errorName = 'DisabledCache';
}

/**
 * A bad value as an error message shows it: `null`, `undefined`, `an array`, `"text"`, `number 5`, `an instance of
 * Map`.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') return `an instance of ${Object.getPrototypeOf(value)?.constructor?.name ?? 'object'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
