import { ConfigurationError, StoreError, UnsupportedQuery } from '../errors';
import { evaluate } from '../query/evaluate';
import type { Model } from '../model';
import type { Query } from '../query/query';
import type { QueryState } from '../query/state';
import type { Action } from '../query/types';
import { lifterQueryString, type QueryStringBuilder } from './query-string';
import {
  decode,
  describeFailure,
  exchange,
  isRecord,
  jsonBody,
  type RestRequest,
  type RestResponse,
  snippet,
} from './rest-request';
import { type ExecuteOptions, Store, type StoreOptions } from './store';
import type { Id, Write } from './writes';
import { message } from '../texts';

/** Options of {@link RestStore}. */
export interface RestStoreOptions extends StoreOptions {
  /** Where the API lives, e.g. `https://example.com/api`; a trailing slash is fine. */
  baseUrl: string;
  /**
   * The `fetch` to call; default `globalThis.fetch`, looked up at each request (so test doubles and polyfills work).
   */
  fetch?: typeof fetch;
  /** Sent with every request, after (and able to override) `Accept` and a write's `Content-Type: application/json`. */
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
 * Writes: `create` POSTs `{baseUrl}/{app}/{plural}`, `update` PATCHes and `delete` DELETEs
 * `{baseUrl}/{app}/{plural}/{id}` (the id URL-encoded), the fields as a JSON body, sent as given (no
 * renaming: rows are read as the server sends them too). A create or update resolves to the record
 * the server answers as JSON. HTTP 4xx is a `BadQuery` whose `fields` holds the server's JSON answer
 * (e.g. Django REST framework's `{ "title": ["This field is required."] }`); HTTP 5xx and network
 * failures are a `StoreError`. A successful write invalidates the model's cached queries.
 *
 * @example
 * const api = new RestStore({ identifier: 'api', baseUrl: 'https://example.com/api', cache: new MemoryCache() });
 * await api.query(User).filter({ first_name: 'Ann' }).count(); // GET
 * https://example.com/api/my_app/users?firstName=Ann
 * await api.query(User).update(1, { first_name: 'Anna' }); // PATCH https://example.com/api/my_app/users/1
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
      throw new ConfigurationError(message(220, baseUrl));
    }
    for (const [name, value] of [
      ['fetch', fetch],
      ['queryString', queryString],
      ['parse', parse],
    ] as const) {
      if (value !== undefined && typeof value !== 'function') {
        throw new ConfigurationError(message(221, name, typeof value));
      }
    }
    try {
      new Headers(headers);
    } catch (error) {
      throw new ConfigurationError(message(222, (error as Error).message), { cause: error });
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
    const path = this.#collection(model);
    const advice = "Check the query's fields and values against what the API accepts.";
    const response = await this.#send({ method: 'GET', url: search ? `${path}?${search}` : path, signal, advice });
    const json = decode(response, 'Check baseUrl points at the API.');
    const rows = this.#parse ? this.#parse(json) : rowsOf(json);
    if (!Array.isArray(rows)) {
      throw new StoreError(
        this.#parse
          ? `${response.request}: the parse option returned ${describeFailure(rows)}; it must return an array of rows.`
          : `${response.request} answered JSON that is neither an array of rows nor { results: ` +
              `[...] } (got ${snippet(response.text)}); pass a parse option to find the rows.`,
        { status: response.status },
      );
    }
    return evaluate(rows, remaining(query.state, built.orderBy === true, built.window === true));
  }

  /**
   * `POST {baseUrl}/{app}/{plural}` (create), `PATCH …/{id}` (update) or `DELETE …/{id}`, the fields
   * as JSON, sent as given. A create or update resolves to the record the server answers as JSON; a
   * delete to `undefined`, whatever the body.
   */
  protected override async write(model: Model<unknown>, write: Write, { signal }: ExecuteOptions): Promise<unknown> {
    const collection = this.#collection(model);
    const what = `the ${write.type} of a ${model.app}.${model.name}`;
    const url = write.type === 'create' ? collection : `${collection}/${idSegment(write.id, what)}`;
    if (write.type === 'delete') {
      await this.#send({ method: 'DELETE', url, signal, advice: `Check the id, and that the API allows ${what}.` });
      return undefined;
    }
    const [method, body] =
      write.type === 'create'
        ? (['POST', jsonBody(write.values, 'create: the values')] as const)
        : (['PATCH', jsonBody(write.patch, 'update: the patch')] as const);
    const advice =
      `Check ${method === 'PATCH' ? 'the id, and ' : ''}the fields against what the API accepts ` +
      "(the error's fields hold the server's answer by field).";
    const response = await this.#send({ method, url, signal, body, advice });
    const expected = 'The API must answer the stored record as JSON (an object).';
    const record = decode(response, expected);
    if (!isRecord(record)) {
      const { request, status, text } = response;
      throw new StoreError(`${request} answered HTTP ${status} with ${snippet(text)}, not a record. ${expected}`, {
        status,
      });
    }
    return record;
  }

  /** `{baseUrl}/{app}/{plural}`. */
  #collection(model: Model<unknown>): string {
    return `${this.baseUrl}/${segment(model.app, 'app')}/${segment(model.plural, 'plural')}`;
  }

  #send(request: Pick<RestRequest, 'method' | 'url' | 'signal' | 'advice' | 'body'>): Promise<RestResponse> {
    const sender = `RestStore "${this.identifier ?? ''}"`;
    return exchange({ ...request, sender, fetch: this.#fetch, headers: this.#headers });
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
    throw new ConfigurationError(message(223, what, name));
  }
  return name;
}

/** The id as a path segment: encoded, and never "." or "..", which a URL reads as a directory (even as %2E). */
function idSegment(id: Id, what: string): string {
  const text = String(id);
  if (text === '.' || text === '..') {
    throw new UnsupportedQuery(message(224, text, what));
  }
  return encodeURIComponent(text);
}
