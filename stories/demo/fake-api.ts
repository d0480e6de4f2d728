import { CallCounter, people } from './backend';

/** Settings of the in-page API, changed live by the story's controls. */
export interface ApiSettings {
  latency: number;
  failing: boolean;
}

/**
 * A REST API that runs inside the page: a `fetch` for `RestStore` answering
 * `GET /api/demo/people?team=…` after `latency` ms, or with HTTP 503 while
 * `failing` (both changed live through `configure`). No server, no service worker.
 */
export function fakeApi(initial: ApiSettings) {
  let settings = { ...initial };
  const configure = (next: ApiSettings) => {
    settings = { ...next };
  };
  const calls = new CallCounter();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.add();
    const url = new URL(String(input instanceof Request ? input.url : input));
    await wait(settings.latency, init?.signal ?? undefined);
    if (settings.failing)
      return Response.json({ detail: 'The demo API is down (untick API failing)' }, { status: 503 });
    if (url.pathname !== '/api/demo/people') return Response.json({ detail: 'Not found' }, { status: 404 });
    // lifter's convention: equality filters as query parameters, ANDed.
    const rows = people.filter((person) =>
      [...url.searchParams].every(([name, value]) => String(person[name as keyof typeof person]) === value),
    );
    return Response.json(rows);
  };
  return { fetch, calls, configure };
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
