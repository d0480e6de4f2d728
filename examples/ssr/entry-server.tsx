// The server render of one request: its own cache and store, the prefetch, the streamed render, and
// the snapshot of the cache embedded after it for the browser to hydrate from.
import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { renderToPipeableStream } from 'react-dom/server';
import { CacheProvider, type DehydratedState, dehydrate, MemoryCache } from 'react-lifter';
import { App, apiStore, membersOf, type PageProps, Person, pageProps, personById } from './app';

export { pageProps };

export interface RenderOptions {
  /** The API's address for the server's own requests, e.g. `http://127.0.0.1:5173/api`. */
  apiBaseUrl: string;
  /** Embed the cache's snapshot (default); `false` serves the page without it, for comparison. */
  snapshot: boolean;
  /** The URL of the client bundle. */
  clientScript: string;
}

/** Streams the page for `props` into `response`. */
export async function render(props: PageProps, response: ServerResponse, options: RenderOptions): Promise<void> {
  // One cache per request: a cache shared by requests would serve one user's results to another.
  const cache = new MemoryCache({ defaultTimeout: 60 });
  // The header tells the API's counter that the server asked, not the browser.
  const store = apiStore(options.apiBaseUrl, { cache, headers: { 'x-requested-by': 'ssr' } });
  try {
    await prefetch(store, props);
  } catch (error) {
    // The page still renders: what is missing shows as loading, and the browser fetches it.
    console.error('The prefetch failed:', error);
  }

  const { pipe, abort } = renderToPipeableStream(
    <CacheProvider cache={cache}>
      <App store={store} props={props} />
    </CacheProvider>,
    {
      onShellReady() {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.write(head(options.clientScript));
        // React ends the stream it is given once every Suspense boundary is sent: the snapshot goes
        // after that, so that it holds what useSuspenseQuery fetched during the render as well.
        const tail = new Transform({
          transform: (chunk, _encoding, done) => done(null, chunk),
          flush: (done) => {
            const state = options.snapshot ? dehydrate(cache) : Promise.resolve(null);
            state.then((snapshot) => done(null, foot(snapshot, options.clientScript)), done);
          },
        });
        tail.pipe(response);
        pipe(tail);
      },
      onShellError(error) {
        console.error(error);
        response.writeHead(500, { 'content-type': 'text/plain' }).end('The page failed to render.');
      },
      onError(error) {
        console.error(error);
      },
    },
  );
  // An API that never answers must not hold the response open: React then sends the fallback, and the browser fetches.
  const timer = setTimeout(abort, 10_000);
  response.on('close', () => clearTimeout(timer));
}

/** What the page's first render shows without waiting: fetched before it, in parallel. */
async function prefetch(store: ReturnType<typeof apiStore>, props: PageProps): Promise<void> {
  if (props.page === 'team') await store.run(Person, membersOf(props.team));
  else await Promise.all(props.ids.map((id) => store.run(Person, personById(id))));
}

function head(clientScript: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>react-lifter: server rendering</title>' +
    `<link rel="icon" href="data:,"><link rel="modulepreload" href="${clientScript}"></head><body><div id="root">`
  );
}

/**
 * The end of the page: the snapshot, then the client bundle (a module script runs after the page is
 * parsed, so it always finds the snapshot). JSON is JavaScript; "<" is escaped so that a value holding
 * "</script>" cannot end the script.
 */
function foot(snapshot: DehydratedState | null, clientScript: string): string {
  const state = snapshot
    ? `<script>window.__LIFTER__=${JSON.stringify(snapshot).replace(/</g, '\\u003c')}</script>`
    : '';
  return `</div>${state}<script type="module" src="${clientScript}"></script></body></html>`;
}
