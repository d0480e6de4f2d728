import { BadQuery, ConfigurationError, StoreError } from '../errors';
import { evaluate } from '../query/evaluate';
import type { Model } from '../model';
import type { Query } from '../query/query';
import type { QueryState } from '../query/state';
import type { Action } from '../query/types';
import { lifterQueryString, type QueryStringBuilder } from './query-string';
import { type ExecuteOptions, Store, type StoreOptions } from './store';

/** Options of {@link RestStore}. */
export interface RestStoreOptions extends StoreOptions {
  /** Where the API lives, e.g. `https://example.com/api`; a trailing slash is fine. */
  baseUrl: string;
  /**
   * The `fetch` to call; default `globalThis.fetch`, looked up at each request (so test doubles and polyfills work).
   */
  fetch?: typeof fetch;
  /** Sent with every request, after (and able to override) `Accept: application/json`. */
  headers?: HeadersInit;
  /** Turns a query into request parameters; default {@link lifterQueryString}. */
  queryString?: QueryStringBuilder;
  /** Finds the rows in the decoded JSON body; default: the body itself if it is an array, else its `results` array. */
  parse?: (json: unknown) => unknown[];
}

/**
 * A store over a REST API (lifter's REST store): `GET {baseUrl}/{app}/{plural}`
 * with the filters as query parameters. What the query-string builder cannot
 * send is refused with `UnsupportedQuery` before any request; the rest of the
 * query (ordering, window, projection, distinct, action) runs locally over the
 * rows the server returned.
 *
 * @example
 * const api = new RestStore({ identifier: 'api', baseUrl: 'https://example.com/api', cache: new MemoryCache() });
 * await api.query(User).filter({ first_name: 'Ann' }).count(); // GET
 * https://example.com/api/my_app/users?firstName=Ann
 */
export class RestStore extends Store {
  /** The base URL without its trailing slash. */
  readonly baseUrl: string;
  #fetch: typeof fetch | undefined;
  #headers: HeadersInit | undefined;
  #queryString: QueryStringBuilder;
  #parse: ((json: unknown) => unknown[]) | undefined;

  constructor(options: RestStoreOptions) {
    super(options);
    const { baseUrl, fetch, headers, queryString = lifterQueryString, parse } = options ?? ({} as RestStoreOptions);
    if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
      throw new ConfigurationError(
        `RestStore needs a baseUrl: the address of the API as a string, e.g. { baseUrl: "https://example.com/api" }; ` +
          `got ${JSON.stringify(baseUrl) ?? String(baseUrl)}.`,
      );
    }
    for (const [name, value] of [
      ['fetch', fetch],
      ['queryString', queryString],
      ['parse', parse],
    ] as const) {
      if (value !== undefined && typeof value !== 'function') {
        throw new ConfigurationError(`RestStore option "${name}" must be a function, got ${typeof value}.`);
      }
    }
    try {
      new Headers(headers);
    } catch (error) {
      throw new ConfigurationError(`RestStore option "headers" is not valid HeadersInit: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#fetch = fetch;
    this.#headers = headers;
    this.#queryString = queryString;
    this.#parse = parse;
  }

  protected async execute(
    model: Model<unknown>,
    query: Query<unknown, unknown, Action>,
    { signal }: ExecuteOptions,
  ): Promise<unknown> {
    // Runs before fetch, so a query the API cannot express never costs a request.
    const built = this.#queryString(query.state, model);
    const search = built.params.toString();
    const path = `${this.baseUrl}/${segment(model.app, 'app')}/${segment(model.plural, 'plural')}`;
    const url = search ? `${path}?${search}` : path;
    const headers = new Headers({ Accept: 'application/json' });
    new Headers(this.#headers).forEach((value, name) => headers.set(name, value));
    const request = `RestStore "${this.identifier ?? ''}" GET ${url}`;

    let response: Response;
    let text: string;
    try {
      response = await (this.#fetch ?? globalThis.fetch)(url, { method: 'GET', headers, signal });
      text = await response.text();
    } catch (error) {
      // An abort is the caller's decision, not a backend failure: keep its reason as is.
      if (signal.aborted) throw signal.reason;
      throw new StoreError(
        `${request} failed before a response was read: ${describeFailure(error)}. ` +
          `Check that the server is up and baseUrl is right.`,
        { cause: error },
      );
    }

    const { status } = response;
    if (status >= 400 && status < 500) {
      throw new BadQuery(
        `${request} was refused with HTTP ${status}${detail(response, text)}. ` +
          `Check the query's fields and values against what the API accepts.`,
        { status },
      );
    }
    if (!response.ok) {
      throw new StoreError(
        `${request} failed with HTTP ${status}${detail(response, text)}. The server failed; try again later.`,
        { status },
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StoreError(
        `${request} answered HTTP ${status} with a body that is not JSON (${snippet(text)}). ` +
          `Check baseUrl points at the API.`,
        { cause: error, status },
      );
    }
    const rows = this.#parse ? this.#parse(json) : rowsOf(json);
    if (!Array.isArray(rows)) {
      throw new StoreError(
        this.#parse
          ? `${request}: the parse option returned ${describeFailure(rows)}; it must return an array of rows.`
          : `${request} answered JSON that is neither an array of rows nor { results: ` +
              `[...] } (got ${snippet(text)}); pass a parse option to find the rows.`,
        { status },
      );
    }
    return evaluate(rows, remaining(query.state, built.orderBy === true, built.window === true));
  }
}

/** What is left for the store to do once the server has filtered (and maybe ordered and windowed). */
function remaining(state: QueryState, ordered: boolean, windowed: boolean): QueryState {
  return {
    ...state,
    where: [],
    orderBy: ordered ? [] : state.orderBy,
    offset: windowed ? 0 : state.offset,
    limit: windowed ? null : state.limit,
  };
}

/** The rows of a plain list or of a paginated `{ count, next, previous, results }` body. */
function rowsOf(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  const results = json !== null && typeof json === 'object' ? (json as { results?: unknown }).results : undefined;
  return Array.isArray(results) ? results : undefined;
}

/** Model names allow "." and "..", which a URL would read as "this" and "parent" directory. */
function segment(name: string, what: string): string {
  if (name === '.' || name === '..') {
    throw new ConfigurationError(
      `RestStore cannot put the model ${what} "${name}" in a URL path; give the model another ${what}.`,
    );
  }
  return name;
}

/** ` Bad Request: <the server's explanation>`, from a JSON `detail`/`message`/`error` or the start of the body. */
function detail(response: Response, text: string): string {
  const reason = response.statusText ? ` ${response.statusText}` : '';
  let explanation: unknown = text.trim() === '' ? undefined : snippet(text);
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'string') explanation = json;
    else if (json !== null && typeof json === 'object') {
      const record = json as Record<string, unknown>;
      explanation =
        [record.detail, record.message, record.error].find((value) => typeof value === 'string') ?? snippet(text);
    }
  } catch {
    // Not JSON: the start of the body (often an HTML error page) is the best explanation there is.
  }
  // The caller ends the sentence: a detail's own final period would double it.
  return `${reason}${explanation === undefined ? '' : `: ${String(explanation).replace(/\.+$/, '')}`}`;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  return JSON.stringify(flat.length > 200 ? `${flat.slice(0, 200)}…` : flat);
}

function describeFailure(value: unknown): string {
  if (value instanceof Error) {
    const cause = value.cause instanceof Error ? ` (${value.cause.message})` : '';
    return `${value.message}${cause}`;
  }
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
