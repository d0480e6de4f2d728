// examples/ssr end to end: the server's streamed HTML, hydration in Chromium with no request and no
// warning, a later navigation that fetches; then the figures of its README (snapshot size, time to
// interactive), measured on `node examples/ssr/server.mjs --production`, as a user would run it.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExampleServer, startServer } from '../../examples/ssr/server.mjs';

const serverScript = fileURLToPath(new URL('../../examples/ssr/server.mjs', import.meta.url));
/** The measured server's API answers after this long, as a backend a little farther than localhost would. */
const apiLatency = 50;

let browser: Browser | undefined;
/** React's development builds (their warnings), in this process (its API's counter). */
let server: ExampleServer | undefined;
/** React's production builds, as `node examples/ssr/server.mjs --production` serves them. */
let production: { url: string; child: ChildProcess } | undefined;

beforeAll(async () => {
  // All three at once: the two builds and Chromium's start are most of this file's time. What started is kept
  // even when another failed, so that afterAll stops it.
  const [launched, started, spawned] = await Promise.allSettled([
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    }),
    startServer({ port: 0, mode: 'development' }),
    spawnServer(['--production', '--port=0', `--api-latency=${apiLatency}`]),
  ]);
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'fulfilled') server = started.value;
  if (spawned.status === 'fulfilled') production = spawned.value;
  for (const result of [launched, started, spawned]) if (result.status === 'rejected') throw result.reason;
}, 60_000);

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close(), stop(production?.child)]);
});

/** Runs server.mjs in a child process (NODE_ENV=production, as a deployment sets it); resolves once it serves. */
async function spawnServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [serverScript, ...args], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Stopped rather than left running, should it never serve.
    const timer = setTimeout(() => child.kill('SIGTERM'), 50_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const served = output.match(/Serving (\S+)/);
      if (!served) return;
      clearTimeout(timer);
      resolve(served[1]!);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`server.mjs exited (${code}) before serving:\n${output}`)));
  });
  return { url, child };
}

/** Stops the child (SIGTERM: it deletes its build) and waits for it to exit. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The page's snapshot, as the text of its script in the HTML. */
function snapshotText(html: string): string | undefined {
  return html.match(/<script>window\.__LIFTER__=(.*?)<\/script>/s)?.[1];
}

/** A browser page in a context of its own (no HTTP cache), recording its warnings and requests. */
async function open() {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const apiRequests: string[] = [];
  const documents: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(url.pathname + url.search);
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  return { page, problems, apiRequests, documents, close: () => context.close() };
}

/**
 * Waits until both parts of the team page are on screen with their data and event handlers (the
 * app's marks); resolves to when that was, in milliseconds since the navigation started.
 */
async function interactive(page: Page): Promise<number> {
  const marks = ['lifter:members-ready', 'lifter:teams-ready'];
  await page.waitForFunction((names) => names.every((name) => performance.getEntriesByName(name).length > 0), marks);
  return page.evaluate(
    (names) => Math.max(...names.map((name) => performance.getEntriesByName(name)[0]!.startTime)),
    marks,
  );
}

/** Clicks another team and waits for its members. */
async function navigateToBlue(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'blue' }).click();
  await page.getByRole('heading', { name: 'Team blue' }).waitFor();
  await page.getByText('Cleo A. · frontend').waitFor();
}

describe('examples/ssr', () => {
  it('streams the prefetched members, then the teams fetched during the render, then the snapshot of both', async () => {
    const warnings = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    const before = server!.api.requests.length;
    // Three requests: each has its own cache, so <CacheProvider>'s warning about a shared cache stays silent.
    const pages = await Promise.all([1, 2, 3].map(() => fetch(server!.url).then((response) => response.text())));
    for (const html of pages) {
      const [shell, streamed = ''] = html.split('<div hidden id="S:0">');
      // The shell: the prefetched members (React escapes the "<" of a name), and the teams' fallback.
      expect(shell).toContain('Eve &lt;eve@example.com&gt;');
      expect(shell).toContain('Loading teams…');
      // Streamed after it, once the API answered during the render; then the snapshot, "<" escaped.
      expect(streamed).toContain('<a href="?team=amber">amber</a><a href="?team=blue">blue</a>');
      const text = snapshotText(streamed);
      expect(text).not.toContain('<');
      const state = JSON.parse(text!) as { entries: { value: unknown }[] };
      expect(state.entries.map((entry) => entry.value)).toEqual([
        expect.arrayContaining([{ id: 5, name: 'Eve <eve@example.com>', team: 'red', role: 'backend' }]),
        ['amber', 'blue', 'green', 'red'],
      ]);
    }
    const counts: Record<string, number> = {};
    for (const { from, url } of server!.api.requests.slice(before))
      counts[`${from} ${url}`] = (counts[`${from} ${url}`] ?? 0) + 1;
    expect(counts).toEqual({ 'ssr /api/demo/people?team=red': 3, 'ssr /api/demo/people': 3 });
    for (const spy of warnings) expect(spy).not.toHaveBeenCalled();
  }, 20_000);

  it('hydrates with no API request and no warning; a later navigation fetches once', async () => {
    const { page, problems, apiRequests, documents, close } = await open();
    try {
      const before = server!.api.requests.length;
      await page.goto(server!.url);
      await interactive(page);
      // Time for a late request or warning to show up.
      await page.waitForTimeout(300);
      expect(apiRequests).toEqual([]);
      expect(server!.api.requests.slice(before).filter((request) => request.from === 'browser')).toEqual([]);
      expect(problems).toEqual([]);
      expect(await page.getByRole('list', { name: 'members' }).textContent()).toContain('Eve <eve@example.com>');

      await navigateToBlue(page);
      expect(apiRequests).toEqual(['/api/demo/people?team=blue']);
      expect(server!.api.requests.slice(before)).toEqual([
        { url: '/api/demo/people?team=red', from: 'ssr' },
        { url: '/api/demo/people', from: 'ssr' },
        { url: '/api/demo/people?team=blue', from: 'browser' },
      ]);
      expect(page.url()).toBe(`${server!.url}?team=blue`);
      expect(documents).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 30_000);
});

describe('examples/ssr, measured (production builds)', () => {
  it('a snapshot of 50 entries: its share of the page', async () => {
    const page = (query: string) =>
      fetch(`${production!.url}directory?count=50${query}`).then((response) => response.text());
    const [withSnapshot, without] = await Promise.all([page(''), page('&snapshot=0')]);
    expect((JSON.parse(snapshotText(withSnapshot)!) as { entries: unknown[] }).entries).toHaveLength(50);
    expect(snapshotText(without)).toBeUndefined();
    const bytes = (html: string) => Buffer.byteLength(html);
    const gzipped = (html: string) => gzipSync(html, { level: 9 }).length;
    const overhead = (size: (html: string) => number) => {
      const extra = size(withSnapshot) - size(without);
      const share = ((extra / size(without)) * 100).toFixed(0);
      return `+${extra} B (${size(without)} → ${size(withSnapshot)} B, +${share}%, ${(extra / 50).toFixed(0)} B an entry)`;
    };
    console.log(`[ssr example] snapshot of 50 entries: HTML ${overhead(bytes)}; gzipped ${overhead(gzipped)}`);
    expect(bytes(withSnapshot)).toBeGreaterThan(bytes(without));
  }, 20_000);

  it('the time to interactive, with the snapshot and without it (the browser fetches again)', async () => {
    const runs = 5;
    const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
    // One page for each, loaded again for each run (the server sends no caching headers: every load downloads all).
    const pages = { with: await open(), without: await open() };
    try {
      // Run 0 warms Chromium and the server up, and is not counted.
      for (let run = 0; run <= runs; run++) {
        // Alternately, so that the machine's noise spreads over both.
        for (const variant of ['with', 'without'] as const) {
          const { page, problems, apiRequests, documents } = pages[variant];
          for (const list of [problems, apiRequests, documents]) list.length = 0;
          await page.goto(variant === 'with' ? production!.url : `${production!.url}?snapshot=0`, {
            waitUntil: 'commit',
          });
          const time = await interactive(page);
          if (run > 0) times[variant].push(time);
          expect(apiRequests).toHaveLength(variant === 'with' ? 0 : 2);
          // Interactive indeed: the click is the app's (no new document), and it fetches the new team.
          await navigateToBlue(page);
          expect(apiRequests).toHaveLength(variant === 'with' ? 1 : 3);
          expect(documents).toHaveLength(1);
          if (variant === 'with') expect(problems).toEqual([]);
        }
      }
    } finally {
      await Promise.all([pages.with.close(), pages.without.close()]);
    }
    const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const all = (values: number[]) => values.map((time) => time.toFixed(0)).join(', ');
    console.log(
      `[ssr example] time to interactive (median of ${runs}, API latency ${apiLatency} ms): ` +
        `with the snapshot ${median(times.with).toFixed(0)} ms, without ${median(times.without).toFixed(0)} ms ` +
        `(with: ${all(times.with)}; without: ${all(times.without)})`,
    );
  }, 60_000);
});
