// Serves the built pages and drives them in Debian's Chromium through Playwright.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { chromium } from 'playwright';
import { out } from './build.mjs';

/** Serves bench/.out: /page/<variant>/<library> is a blank page that loads that library's bundle. */
export async function serve() {
  const server = createServer(async (request, response) => {
    // Cross-origin isolated pages get 5 µs timers instead of 100 µs.
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    const url = new URL(request.url, 'http://localhost');
    const page = url.pathname.match(/^\/page\/(\w+)\/(\w+)$/);
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${page[2]}</title><body><script type="module" src="/${page[1]}/${page[2]}.js"></script>`,
      );
      return;
    }
    try {
      const body = await readFile(`${out}${url.pathname.slice(1).replace(/\.\.+/g, '')}`);
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-extensions',
    ],
  });
}

/** Counts IndexedDB transactions from before any page script runs. */
function countTransactions() {
  const original = IDBDatabase.prototype.transaction;
  const counter = { count: 0 };
  window.__idbTransactions = counter;
  IDBDatabase.prototype.transaction = function (...args) {
    counter.count++;
    return original.apply(this, args);
  };
}

/** Opens a library's page in `context` and waits for its `window.bench`. */
export async function openPage(context, origin, library, variant = 'production') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(new Error(message.text()));
  });
  await page.addInitScript(countTransactions);
  await page.goto(`${origin}/page/${variant}/${library}`);
  await page.waitForFunction(() => window.bench, null, { timeout: 30_000 });
  return {
    page,
    /** Calls `window.bench[name](args)` in the page; a page error fails the call. */
    async call(name, args = {}) {
      const result = await page.evaluate(([fn, input]) => window.bench[fn](input), [name, args]);
      if (errors.length > 0) throw new Error(`${library}: ${name} logged an error: ${errors[0].message}`);
      return result;
    },
    /** Bytes of live JavaScript heap after a full garbage collection. */
    async heap() {
      const cdp = await page.context().newCDPSession(page);
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      await cdp.detach();
      return usedSize;
    },
  };
}
