import { type Person, people, todos } from './rows';
import { CallCounter, Watched } from './watched';
import { TodoTable } from './fake-todos';

/** Settings of the in-page API, changed live by the story's controls. */
export interface ApiSettings {
  latency: number;
  failing: boolean;
}

/** One request to the API: its method, path and query string, body, and its HTTP status once answered. */
export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  /** The JSON body of a write, as sent. */
  readonly body: string | undefined;
  readonly status: number | 'aborted' | undefined;
}

/** The API's requests so far, oldest first, each with its answer once there is one. */
class RequestLog extends Watched<readonly LoggedRequest[]> {
  constructor() {
    super([]);
  }
  /** Logs a request; the function returned logs its answer. */
  add(request: Omit<LoggedRequest, 'status'>): (status: number | 'aborted') => void {
    const index = this.get().length;
    this.set([...this.get(), { ...request, status: undefined }]);
    return (status) => this.set(this.get().map((entry, at) => (at === index ? { ...entry, status } : entry)));
  }
}

/** The filters the API understands: lifter's equality (`team=core`) and django-filter's `name__icontains=an`. */
const lookups = new Map<string, (field: string, value: string) => boolean>([
  ['exact', (field, value) => field === value],
  ['icontains', (field, value) => field.toLowerCase().includes(value.toLowerCase())],
]);

/**
 * A REST API that runs inside the page: a `fetch` for `RestStore` answering
 * `GET /api/demo/people?team=…` from `rows`, and `GET`, `POST`, `PATCH /{id}` and `DELETE /{id}`
 * on `/api/demo/todos` (a {@link TodoTable} of its own, starting from `todos`), after `latency`
 * ms, or with HTTP 503 while `failing` (both changed live through `configure`). `failNext` makes
 * the next requests fail with a given status. No server, no service worker.
 */
export function fakeApi(initial: ApiSettings, rows: readonly Person[] = people) {
  let settings = { ...initial };
  const configure = (next: ApiSettings) => {
    settings = { ...next };
  };
  let outage = { times: 0, status: 503 };
  /** The next `times` requests answer HTTP `status` (a 5xx is a StoreError, a 4xx a BadQuery). */
  const failNext = (times: number, status: number) => {
    outage = { times, status };
  };
  const calls = new CallCounter();
  const requests = new RequestLog();
  const table = new TodoTable(todos);
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const { method } = request;
    const body = request.body === null ? undefined : await request.text();
    const answered = requests.add({ method, url: decodeURIComponent(url.pathname + url.search), body });
    calls.add();
    const fault = outage.times > 0 ? outage.status : undefined;
    if (fault !== undefined) outage = { ...outage, times: outage.times - 1 };
    try {
      await wait(settings.latency, init?.signal ?? undefined);
    } catch (error) {
      answered('aborted');
      throw error;
    }
    const response = answer(method, url, body, fault);
    answered(response.status);
    return response;
  };
  const answer = (method: string, url: URL, body: string | undefined, fault: number | undefined): Response => {
    if (fault !== undefined) {
      const detail = fault >= 500 ? 'The demo API is down for now' : 'The demo API refuses this query';
      return Response.json({ detail }, { status: fault });
    }
    if (settings.failing)
      return Response.json({ detail: 'The demo API is down (untick API failing)' }, { status: 503 });
    const [, collection, id] = /^\/api\/demo\/(people|todos)(?:\/([^/]+))?$/.exec(url.pathname) ?? [];
    if (!collection) return Response.json({ detail: 'Not found' }, { status: 404 });
    if (method === 'GET' && id === undefined) {
      return filtered(collection === 'people' ? rows : table.rows, url.searchParams);
    }
    // The table answers writes, and refuses what it cannot do; people are read-only.
    if (collection === 'todos') return table.write({ method, id, body });
    return Response.json({ detail: `Method "${method}" not allowed.` }, { status: 405 });
  };
  return { fetch, calls, requests, configure, failNext };
}

/** The rows that pass every filter of the query string (they are ANDed), or a 400 for an unknown lookup. */
function filtered(rows: readonly object[], search: URLSearchParams): Response {
  const filters: { field: string; value: string; test: (field: string, value: string) => boolean }[] = [];
  for (const [parameter, value] of search) {
    const [field = '', lookup = 'exact'] = parameter.split('__');
    const test = lookups.get(lookup);
    if (!test) return Response.json({ detail: `Unknown lookup "${lookup}" in ${parameter}` }, { status: 400 });
    filters.push({ field, value, test });
  }
  return Response.json(
    rows.filter((row) =>
      filters.every(({ field, value, test }) => test(String((row as Record<string, unknown>)[field]), value)),
    ),
  );
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
