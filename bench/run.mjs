// `npm run bench`: react-lifter against TanStack Query and SWR, side by side, on the same workloads,
// in real Chromium (React production builds). `npm run bench -- --smoke`: tiny sizes, for CI; it
// fails when a workload throws or one of react-lifter's hard invariants breaks. `--only=search,keys`
// runs only those workloads (keys, mount, cold, shared, memory, search, writes, reload) and writes its reports
// to bench/.out/only-*, never over bench/RESULTS.md; with `--merge` too, it writes them into
// bench/RESULTS.md in place of those workloads' figures, keeping every other figure of the last run.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { buildPages, libraries, measureSizes, out, root } from './build.mjs';
import { launch, openPage, serve } from './browser.mjs';
import { checkInvariants, checkMergeable, mergeInto, summarize, writeReports } from './report.mjs';

const smoke = process.argv.includes('--smoke');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const workloads = ['keys', 'mount', 'cold', 'shared', 'memory', 'search', 'writes', 'reload'];
const unknown = only?.filter((name) => !workloads.includes(name)) ?? [];
if (unknown.length > 0)
  throw new Error(`--only: no workload ${unknown.join(', ')} (there are ${workloads.join(', ')})`);
const selected = (workload) => !only || only.includes(workload);
const merge = process.argv.includes('--merge');
if (merge && (!only || smoke))
  throw new Error('--merge goes with --only=<workloads> and full sizes (not --smoke): it merges those into RESULTS.md');
const previous = merge ? JSON.parse(await readFile(`${root}bench/results.json`, 'utf8')) : null;
const sizes = smoke
  ? {
      runs: 1,
      keys: { queries: 28, loops: 1, samples: 3 },
      mount: 50,
      cold: 20,
      shared: 10,
      memory: 200,
      latency: 5,
      // Keystrokes alternately before and after the backend's answer, as in the full run.
      search: { runs: 1, length: 12, latency: 15, intervals: [10, 40] },
      writes: { runs: 1, todos: 20, latency: 15 },
      reload: { stored: 40, view: 8 },
    }
  : {
      runs: 7,
      keys: { queries: 280, loops: 5, samples: 15 },
      mount: 1000,
      cold: 500,
      shared: 100,
      memory: 10_000,
      latency: 20,
      // 30 characters, a keystroke alternately 20 ms and 80 ms after the previous one (50 ms on
      // average): every other request is still in flight (30 ms) when the next keystroke comes.
      search: { runs: 5, length: 30, latency: 30, intervals: [20, 80] },
      // One todo added to a list of 20, on a backend that answers reads and writes after 30 ms.
      writes: { runs: 5, todos: 20, latency: 30 },
      // A reload: 2,000 results stored over earlier screens, and the last screen, shown again, needs 200 of them.
      reload: { stored: 2000, view: 200 },
    };

const started = Date.now();
const log = (message) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

execFileSync('bash', [`${root}scripts/ensure-chromium.sh`], { stdio: 'inherit' });
log(merge ? 'building pages' : 'building pages and measuring bundle sizes');
await buildPages();
// Merged results keep the last run's bundle sizes, as they keep its other figures.
const bundle = merge ? previous.bundle : await measureSizes();
const server = await serve();
const browser = await launch();
const versions = {
  chromium: browser.version(),
  ...Object.fromEntries(
    [
      'react',
      'react-dom',
      '@tanstack/react-query',
      '@tanstack/query-persist-client-core',
      'swr',
      'idb-keyval',
      'rolldown',
      'vite',
      'playwright',
    ].map((name) => [
      name,
      execFileSync('node', ['-p', `require('${name}/package.json').version`], { cwd: root })
        .toString()
        .trim(),
    ]),
  ),
};
if (merge) checkMergeable(previous, { versions, sizes });

/** Runs `fn(library, run)` for every run, libraries interleaved so that machine noise spreads evenly. */
async function eachRun(runs, fn) {
  const results = Object.fromEntries(libraries.map((library) => [library, []]));
  for (let run = 0; run < runs; run++) {
    for (const library of libraries) results[library].push(await fn(library, run));
  }
  return results;
}

/** Runs `workload` with each configuration of each library (its default first), each on a fresh page. */
function eachConfiguration(runs, workload, options) {
  return eachRun(runs, async (library) => {
    const results = [];
    do {
      results.push(await inPage(library, (page) => page.call(workload, { ...options, config: results.length })));
    } while (results.length < results[0].configurations);
    return results;
  });
}

/** One fresh browser context (empty storage) and page per call. */
async function inPage(library, fn, variant) {
  const context = await browser.newContext();
  try {
    return await fn(await openPage(context, server.origin, library, variant), context);
  } finally {
    await context.close();
  }
}

const raw = {};
try {
  if (selected('keys')) {
    log('1. key derivation');
    raw.keys = await eachRun(sizes.runs, (library) => inPage(library, (page) => page.call('keys', sizes.keys)));
  }

  if (selected('mount')) {
    log(`2. mount ${sizes.mount} components on a warm memory cache`);
    // A first mount warms the JIT; the second is measured.
    raw.mount = await eachRun(sizes.runs, (library) =>
      inPage(library, async (page) => {
        await page.call('mount', { count: sizes.mount });
        return page.call('mount', { count: sizes.mount });
      }),
    );
    raw.mountRenders = await eachRun(1, (library) =>
      inPage(library, (page) => page.call('mount', { count: sizes.mount }), 'profiling'),
    );
  }

  if (selected('cold')) {
    log(`3. cold start: ${sizes.cold} queries from IndexedDB on a fresh page`);
    raw.cold = await eachRun(Math.min(sizes.runs, 5), (library) =>
      inPage(library, async (writer, context) => {
        const persisted = await writer.call('persist', { count: sizes.cold });
        await writer.page.close();
        const reader = await openPage(context, server.origin, library);
        return {
          ...(await reader.call('coldStart', { count: sizes.cold })),
          persistMs: persisted.ms,
          answerToScreenMs: persisted.answerToScreenMs,
        };
      }),
    );
    raw.coldRenders = await eachRun(1, (library) =>
      inPage(
        library,
        async (writer, context) => {
          await writer.call('persist', { count: sizes.cold });
          await writer.page.close();
          return (await openPage(context, server.origin, library, 'profiling')).call('coldStart', {
            count: sizes.cold,
          });
        },
        'profiling',
      ),
    );
  }

  if (selected('reload')) {
    const { stored, view } = sizes.reload;
    log(`9. reload: ${stored} results stored, a screen of ${view} shown again on a fresh page`);
    raw.reload = await eachRun(Math.min(sizes.runs, 5), (library) =>
      inPage(library, async (writer, context) => {
        // Earlier screens stored `stored` results; the last screen showed `view` of them; then the page reloads.
        await writer.call('persist', { count: stored });
        await writer.page.close();
        const screen = await openPage(context, server.origin, library);
        await screen.call('coldStart', { count: view });
        await screen.call('leave');
        await screen.page.close();
        const reader = await openPage(context, server.origin, library);
        return reader.call('coldStart', { count: view });
      }),
    );
  }

  if (selected('shared')) {
    log(`4. ${sizes.shared} components on one cold key`);
    raw.shared = await eachRun(sizes.runs, (library) =>
      inPage(library, (page) => page.call('sharedKey', { count: sizes.shared, latency: sizes.latency })),
    );
    raw.sharedRenders = await eachRun(1, (library) =>
      inPage(library, (page) => page.call('sharedKey', { count: sizes.shared, latency: sizes.latency }), 'profiling'),
    );
  }

  if (selected('memory')) {
    log(`6. heap after caching ${sizes.memory} list results`);
    raw.memory = await eachRun(Math.min(sizes.runs, 3), (library) =>
      inPage(library, async (page) => {
        const empty = await page.heap();
        await page.call('memoryPrepare', { count: sizes.memory });
        const withData = await page.heap();
        await page.call('memoryHold');
        const cached = await page.heap();
        return { total: cached - empty, overhead: cached - withData, data: withData - empty };
      }),
    );
  }

  if (selected('search')) {
    const { runs, ...options } = sizes.search;
    log(`7. typing ${options.length} characters into a search box, then deleting them`);
    raw.search = await eachConfiguration(runs, 'search', options);
  }

  if (selected('writes')) {
    const { runs, ...options } = sizes.writes;
    log(`8. adding a todo to a list of ${options.todos}, then listing it`);
    raw.writes = await eachConfiguration(runs, 'writes', options);
  }
} finally {
  await browser.close();
  server.close();
}

const measured = { raw, bundle, sizes, smoke, versions, seconds: (Date.now() - started) / 1000 };
const results = summarize(merge ? mergeInto(previous, { ...measured, workloads: only }) : measured);
await mkdir(out, { recursive: true });
const table = await writeReports(results, smoke ? `${out}smoke-` : only && !merge ? `${out}only-` : `${root}bench/`);
console.log(table);
const broken = checkInvariants(results);
log(`done in ${measured.seconds.toFixed(0)} s`);
if (broken.length > 0) {
  console.error(`react-lifter broke its invariants:\n- ${broken.join('\n- ')}`);
  process.exit(1);
}
