/**
 * Base class of every error react-lifter throws on purpose. Catch this to tell
 * our errors from anything else; check the subclass to act on the cause.
 */
export class LifterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A model, store or cache was set up wrongly (bad name, cache without identifier, …). */
export class ConfigurationError extends LifterError {}

/** A query cannot be built or keyed: the message names the path of the bad value. */
export class InvalidQuery extends LifterError {
  /** Where in the query the bad value sits, e.g. `filter.tags.in[2]`. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

/** The store cannot express this query (e.g. an OR filter sent to a REST API that only knows `eq`). */
export class UnsupportedQuery extends LifterError {}

/** The backend refused the query as malformed (HTTP 4xx). */
export class BadQuery extends LifterError {
  /** The HTTP status, when the backend is HTTP. */
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.status = options?.status;
  }
}

/** The backend failed (HTTP 5xx, network failure, unreadable response). */
export class StoreError extends LifterError {
  /** The HTTP status, when there was a response. */
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.status = options?.status;
  }
}

/** `get()` matched no record. */
export class DoesNotExist extends LifterError {}

/** `get()` matched more than one record. */
export class MultipleObjectsReturned extends LifterError {}

/** `cache.get(key, undefined, { reraise: true })` found nothing live under the key. */
export class NotInCache extends LifterError {}

/** `cache.get(key, undefined, { reraise: true })` was called on a disabled cache. */
export class DisabledCache extends LifterError {}
