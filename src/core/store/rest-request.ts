import { BadQuery, InvalidQuery, StoreError } from '../errors';
import { message } from '../texts';

// One HTTP exchange of a RestStore, shared by its reads and its writes: the request, the failure
// that becomes a StoreError or a BadQuery, and the decoding of the JSON answer.

/** What a {@link RestStore} sends. */
export interface RestRequest {
  /** How messages name the sender, e.g. `RestStore "api"`. */
  readonly sender: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** The JSON text to send, with `Content-Type: application/json`; see {@link jsonBody}. */
  readonly body?: string;
  /** The store's `fetch` option; `globalThis.fetch`, looked up now, without one. */
  readonly fetch: typeof fetch | undefined;
  /** The store's `headers` option, set after (and able to override) the JSON headers. */
  readonly headers: HeadersInit | undefined;
  readonly signal: AbortSignal;
  /** The sentence ending a refusal's message (HTTP 4xx): what to check. */
  readonly advice: string;
}

/** What came back: a 2xx status and the body's text. */
export interface RestResponse {
  /** `RestStore "api" GET https://…`, for messages. */
  readonly request: string;
  readonly status: number;
  readonly text: string;
}

/**
 * Sends the request and reads the body. An abort rejects with the signal's reason as it is; HTTP 4xx
 * is a {@link BadQuery} (with the server's JSON object as `fields`); HTTP 5xx or a failure before a
 * response was read is a {@link StoreError}.
 */
export async function exchange(rest: RestRequest): Promise<RestResponse> {
  const { method, url, body, signal } = rest;
  const headers = new Headers({ Accept: 'application/json' });
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  new Headers(rest.headers).forEach((value, name) => headers.set(name, value));
  const request = `${rest.sender} ${method} ${url}`;

  let response: Response;
  let text: string;
  try {
    response = await (rest.fetch ?? globalThis.fetch)(url, { method, headers, body, signal });
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
  if (response.ok) return { request, status, text };
  const json = parsed(text);
  const explanation = detail(response, text, json);
  // The server refused what was sent (fix it, retrying will not help), or failed itself.
  if (status >= 400 && status < 500) {
    throw new BadQuery(`${request} was refused with HTTP ${status}${explanation}. ${rest.advice}`, {
      status,
      fields: isRecord(json) ? json : undefined,
    });
  }
  throw new StoreError(`${request} failed with HTTP ${status}${explanation}. The server failed; try again later.`, {
    status,
  });
}

/** The decoded JSON body, or a `StoreError` ending with `expected` (what the API must answer). */
export function decode({ request, status, text }: RestResponse, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      `${request} answered HTTP ${status} with a body that is not JSON (${snippet(text)}). ${expected}`,
      { cause: error, status },
    );
  }
}

/** `value` as the JSON text of a request body, or an `InvalidQuery` naming `where` (a BigInt, a cycle). */
export function jsonBody(value: unknown, where: string): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InvalidQuery(message(128, where, describeFailure(error)), where);
  }
}

/** A JSON object (not an array): a record, or a server's errors by field. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (often an HTML error page): the caller shows the start of the body instead.
    return undefined;
  }
}

/**
 * ` Bad Request: <the server's explanation>`: a JSON `detail`/`message`/`error`, else the errors by
 * field (`title: This field is required`), else the start of the body.
 */
function detail(response: Response, text: string, json: unknown): string {
  const reason = response.statusText ? ` ${response.statusText}` : '';
  let explanation: string | undefined = text.trim() === '' ? undefined : snippet(text);
  if (typeof json === 'string') explanation = json;
  else if (isRecord(json)) {
    const message = [json.detail, json.message, json.error].find((value) => typeof value === 'string');
    explanation = (message as string | undefined) ?? (summary(json) || explanation);
  }
  // The caller ends the sentence: a detail's own final period would double it.
  return `${reason}${explanation === undefined ? '' : `: ${explanation.replace(/\.+$/, '')}`}`;
}

/**
 * Errors by field, one short line: Django REST framework's `{ "title": ["This field is required."],
 * "author": { "name": ["Too long."] } }` reads `title: This field is required; author.name: Too long`.
 */
function summary(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (Array.isArray(value) && value.every((item) => !isRecord(item) && !Array.isArray(item))) {
      if (value.length > 0) parts.push(`${path}: ${value.map(String).join(' ').replace(/\.+$/, '')}`);
    } else if ((Array.isArray(value) || isRecord(value)) && depth < 8) {
      // A list of nested records has an empty object for each valid one: nothing to say about those.
      for (const [key, item] of Object.entries(value)) {
        visit(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
      }
    } else {
      parts.push(`${path}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`.replace(/\.+$/, ''));
    }
  };
  visit(fields, '', 0);
  return shorten(parts.join('; '));
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  return JSON.stringify(shorten(flat));
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function describeFailure(value: unknown): string {
  if (value instanceof Error) {
    const cause = value.cause instanceof Error ? ` (${value.cause.message})` : '';
    return `${value.message}${cause}`;
  }
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
