// `node examples/ssr/server.mjs`: the server-rendering example. It bundles the pages (build.mjs),
// then serves them with the REST API they read (api.mjs), on one node:http server:
//   /                  a team's members (prefetched) and the teams (fetched while the page streams)
//   /?team=blue        another team; /?snapshot=0 serves the page without the cache's snapshot
//   /directory?count=50  one query per person: a snapshot of 50 entries
//   /api/demo/people   the API (?team=red, ?id=7)
// Options: --port=3000 (0: any free port), --production (React's production builds), --api-latency=ms.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApi } from './api.mjs';
import { buildExample } from './build.mjs';

/**
 * Builds the example and serves it on `port` (0: any free one). Resolves to its `url`, its `api`
 * (with `requests`, every API request, and `latency`), and `close()`, which also deletes the build.
 */
export async function startServer({ port = 3000, host = '127.0.0.1', mode = 'development', apiLatency = 0 } = {}) {
  // React on the server runs in the same mode as in the browser (unless NODE_ENV says otherwise).
  process.env.NODE_ENV ??= mode;
  const built = await buildExample(mode);
  /** @type {typeof import('./entry-server')} */
  const { pageProps, render } = await import(pathToFileURL(built.serverEntry).href);
  const api = createApi({ latency: apiLatency });
  let origin = '';

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    try {
      if (url.pathname.startsWith('/api/')) return await api.handle(request, response, url);
      if (url.pathname.startsWith('/assets/')) return await asset(url.pathname.slice('/assets/'.length), response);
      const props = pageProps(url);
      if (!props) return response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.');
      await render(props, response, {
        apiBaseUrl: `${origin}/api`,
        snapshot: url.searchParams.get('snapshot') !== '0',
        clientScript: '/assets/client.js',
      });
    } catch (error) {
      console.error(error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end();
    }
  });

  async function asset(name, response) {
    const path = normalize(`${built.clientDir}${name}`);
    const body = path.startsWith(built.clientDir) ? await readFile(path).catch(() => null) : null;
    if (!body) return response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.');
    const type = extname(path) === '.js' ? 'text/javascript' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(body);
  }

  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  origin = `http://${host}:${server.address().port}`;
  return {
    url: `${origin}/`,
    api,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await built.remove();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const production = process.argv.includes('--production');
  const server = await startServer({
    port: Number(option('port') ?? 3000),
    mode: production ? 'production' : 'development',
    apiLatency: Number(option('api-latency') ?? 0),
  });
  console.log(`Serving ${server.url} (React ${production ? 'production' : 'development'} builds)`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => server.close().then(() => process.exit(0)));
  }
}
