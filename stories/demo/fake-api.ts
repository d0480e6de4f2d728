import { CallCounter, type Person, people, Watched } from './backend';

/** Settings of the in-page API, changed live by the story's controls. */
export interface ApiSettings {
  latency: number;
  failing: boolean;
}

/** One request to the API: its path and query string, and its HTTP status once answered. */
export interface LoggedRequest {
  readonly url: string;
  readonly status: number | 'aborted' | undefined;
}

/** The API's requests so far, oldest first, each with its answer once there is one. */
class RequestLog extends Watched<readonly LoggedRequest[]> {
  constructor() {
    super([]);
  }
  /** Logs a request; the function returned logs its answer. */
  add(url: string): (status: number | 'aborted') => void {
    const index = this.get().length;
    this.set([...this.get(), { url, status: undefined }]);
    return (status) => this.set(this.get().map((entry, at) => (at === index ? { url, status } : entry)));
  }
}

/** The filters the API understands: lifter's equality (`team=core`) and django-filter's `name__icontains=an`. */
const lookups = new Map<string, (field: string, value: string) => boolean>([
  ['exact', (field, value) => field === value],
  ['icontains', (field, value) => field.toLowerCase().includes(value.toLowerCase())],
]);

/**
 * A REST API that runs inside the page: a `fetch` for `RestStore` answering
 * `GET /api/demo/people?team=…` from `rows` after `latency` ms, or with HTTP 503 while
 * `failing` (both changed live through `configure`). `failNext` makes the next requests
 * fail with a given status. No server, no service worker.
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
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const answered = requests.add(decodeURIComponent(url.pathname + url.search));
    calls.add();
    const fault = outage.times > 0 ? outage.status : undefined;
    if (fault !== undefined) outage = { ...outage, times: outage.times - 1 };
    try {
      await wait(settings.latency, init?.signal ?? undefined);
    } catch (error) {
      answered('aborted');
      throw error;
    }
    const response = answer(url, fault);
    answered(response.status);
    return response;
  };
  const answer = (url: URL, fault: number | undefined): Response => {
    if (fault !== undefined) {
      const detail = fault >= 500 ? 'The demo API is down for now' : 'The demo API refuses this query';
      return Response.json({ detail }, { status: fault });
    }
    if (settings.failing)
      return Response.json({ detail: 'The demo API is down (untick API failing)' }, { status: 503 });
    if (url.pathname !== '/api/demo/people') return Response.json({ detail: 'Not found' }, { status: 404 });
    const filters: { field: string; value: string; test: (field: string, value: string) => boolean }[] = [];
    for (const [parameter, value] of url.searchParams) {
      const [field = '', lookup = 'exact'] = parameter.split('__');
      const test = lookups.get(lookup);
      if (!test) return Response.json({ detail: `Unknown lookup "${lookup}" in ${parameter}` }, { status: 400 });
      filters.push({ field, value, test });
    }
    // Filters are ANDed.
    return Response.json(
      rows.filter((row) => filters.every(({ field, value, test }) => test(String(row[field as keyof Person]), value))),
    );
  };
  return { fetch, calls, requests, configure, failNext };
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
