// Turns the raw measurements into medians, ratios and targets, and writes results.json,
// RESULTS.md (with bench/NOTES.md, the hand-written analysis) and ratios.svg.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { root } from './build.mjs';

const NAMES = { ours: 'react-lifter', tanstack: 'TanStack Query', swr: 'SWR' };
const PEERS = ['tanstack', 'swr'];

function median(values) {
  const sorted = values.filter((value) => value !== null && value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each library's median of `pick` over its runs; null for a workload that was not run (`--only`). */
const per = (runs, pick) =>
  Object.fromEntries(Object.keys(NAMES).map((library) => [library, runs ? median(runs[library].map(pick)) : null]));
/** Each library's highest `pick` over its runs: for what must never happen, one run is enough. */
const worst = (runs, pick) =>
  Object.fromEntries(
    Object.keys(NAMES).map((library) => [library, runs ? Math.max(...runs[library].map(pick)) : null]),
  );
/** Each library's sum of `pick` over its runs: how many runs something happened in. */
const total = (runs, pick) =>
  Object.fromEntries(
    Object.keys(NAMES).map((library) => [
      library,
      runs ? runs[library].reduce((sum, run) => sum + pick(run), 0) : null,
    ]),
  );
const sizeOf = (bundle, names) =>
  Object.fromEntries(Object.entries(names).map(([library, name]) => [library, bundle[name].gzip]));

/** Milliseconds the search box's keystrokes take on their own, from the first to the last. */
function keystrokesMs({ length, intervals }) {
  let ms = 0;
  for (let gap = 0; gap < 2 * length - 1; gap++) ms += intervals[gap % intervals.length];
  return ms;
}

/**
 * One row per measured figure: { id, label, unit, values: { ours, tanstack, swr } }, lower is better.
 * Rows of workloads that were not run are left out.
 */
function rows(raw, bundle, sizes) {
  const MB = 1024 * 1024;
  // Workload 7 here: each library's documented configuration (its first); all of them have their own table.
  const search = (pick, over = per) => over(raw.search, (configs) => pick(configs[0]));
  // Workload 8 here: each library's configuration without an optimistic update (its first) and with
  // the one that writes the cached list (its second); all of them have their own table.
  const plain = (pick, over = per) => over(raw.writes, (configs) => pick(configs[0]));
  const optimistic = (pick, over = per) => over(raw.writes, (configs) => pick(configs[1]));
  const writes = sizes.writes && `${sizes.writes.todos} todos, backend ${sizes.writes.latency} ms`;
  return [
    {
      id: 'keyFresh',
      label: `1. key of a query, fresh object per call (${sizes.keys?.queries} different queries in turn)`,
      unit: 'ns',
      values: per(raw.keys, (r) => r.freshNs),
    },
    {
      id: 'keyInline',
      label: '1. key of an 8-condition query written inline (the same query, a fresh object per call)',
      unit: 'ns',
      values: per(raw.keys, (r) => r.inlineNs),
    },
    {
      id: 'keySame',
      label: '1. key of a query, same object again',
      unit: 'ns',
      values: per(raw.keys, (r) => r.sameNs),
    },
    {
      id: 'mountMs',
      label: `2. mount ${sizes.mount} on a warm memory cache`,
      unit: 'ms',
      values: per(raw.mount, (r) => r.ms),
    },
    {
      id: 'mountRenders',
      label: '2. … renders (Profiler)',
      unit: '',
      values: per(raw.mountRenders, (r) => r.renders),
      counts: true,
    },
    {
      id: 'answerToScreenMs',
      label: `3. first visit, ${sizes.cold} misses: backend answer → on screen, median`,
      unit: 'ms',
      values: per(raw.cold, (r) => r.answerToScreenMs.median),
    },
    {
      id: 'answerToScreenP95',
      label: '3. … 95th percentile',
      unit: 'ms',
      values: per(raw.cold, (r) => r.answerToScreenMs.p95),
    },
    {
      id: 'coldMs',
      label: `3. cold start: ${sizes.cold} from IndexedDB`,
      unit: 'ms',
      values: per(raw.cold, (r) => r.ms),
    },
    {
      id: 'coldTransactions',
      label: '3. … IndexedDB transactions',
      unit: '',
      values: per(raw.cold, (r) => r.transactions),
      counts: true,
    },
    {
      id: 'coldRenders',
      label: '3. … renders (Profiler)',
      unit: '',
      values: per(raw.coldRenders, (r) => r.renders),
      counts: true,
    },
    {
      id: 'reloadMs',
      label: `9. reload: ${sizes.reload?.stored} stored, a screen needing ${sizes.reload?.view}: persistence opened → on screen`,
      unit: 'ms',
      values: per(raw.reload, (r) => r.ms),
    },
    {
      id: 'reloadTransactions',
      label: '9. … IndexedDB transactions',
      unit: '',
      values: per(raw.reload, (r) => r.transactions),
      counts: true,
    },
    {
      id: 'reloadCalls',
      label: '9. … backend calls',
      unit: '',
      values: per(raw.reload, (r) => r.backendCalls),
      counts: true,
    },
    {
      id: 'sharedCalls',
      label: `4. ${sizes.shared} on one cold key: backend calls`,
      unit: '',
      values: per(raw.shared, (r) => r.backendCalls),
      counts: true,
    },
    {
      id: 'sharedMs',
      label: `4. … time to all rendered (backend ${sizes.latency} ms)`,
      unit: 'ms',
      values: per(raw.shared, (r) => r.ms),
    },
    {
      id: 'sharedRenders',
      label: '4. … renders (Profiler)',
      unit: '',
      values: per(raw.sharedRenders, (r) => r.renders),
      counts: true,
    },
    {
      id: 'bundle',
      label: '5. bundle, hooks + memory cache, min + gzip',
      unit: 'B',
      values: sizeOf(bundle, { ours: 'react-lifter (core + React)', tanstack: 'TanStack Query', swr: 'SWR' }),
    },
    {
      id: 'bundleApp',
      label: '5. … a real app’s library part (hooks, writes, a REST backend, the cache)',
      unit: 'B',
      values: sizeOf(bundle, {
        ours: 'react-lifter, real app',
        tanstack: 'TanStack Query, real app',
        swr: 'SWR, real app',
      }),
    },
    {
      id: 'bundlePersist',
      label: '5. … with IndexedDB persistence',
      unit: 'B',
      values: sizeOf(bundle, {
        ours: 'react-lifter + idb',
        tanstack: 'TanStack Query + persister',
        swr: 'SWR + idb-keyval',
      }),
    },
    {
      id: 'heapTotal',
      label: `6. heap after caching ${sizes.memory} lists`,
      unit: 'MB',
      values: per(raw.memory, (r) => r.total / MB),
    },
    {
      id: 'heapOverhead',
      label: '6. … of which the cache itself',
      unit: 'MB',
      values: per(raw.memory, (r) => r.overhead / MB),
    },
    {
      id: 'searchCalls',
      label: `7. typing ${sizes.search.length} characters, then deleting them (backend ${sizes.search.latency} ms): backend calls`,
      unit: '',
      values: search((r) => r.backendCalls),
      counts: true,
    },
    {
      id: 'searchCallsDeleting',
      label: '7. … of which while deleting',
      unit: '',
      values: search((r) => r.callsWhileDeleting),
      counts: true,
    },
    {
      id: 'searchRenders',
      label: '7. … renders of the list (commits)',
      unit: '',
      values: search((r) => r.renders),
      counts: true,
    },
    {
      id: 'searchBlank',
      label: '7. … blank frames (a loading state instead of a list), most in a run',
      unit: '',
      values: search((r) => r.blankFrames, worst),
      counts: true,
    },
    {
      id: 'searchLate',
      label: "7. … late results (another text's list after the current one's), most in a run",
      unit: '',
      values: search((r) => r.lateResults, worst),
      counts: true,
    },
    {
      id: 'searchMs',
      label: `7. … first keystroke → final list (the keystrokes alone: ${keystrokesMs(sizes.search)} ms)`,
      unit: 'ms',
      values: search((r) => r.ms),
    },
    {
      id: 'writesReads',
      label: `8. adding a todo, then listing it (${writes}): backend reads after the click`,
      unit: '',
      values: plain((r) => r.reads),
      counts: true,
    },
    {
      id: 'writesWrites',
      label: '8. … backend writes',
      unit: '',
      values: plain((r) => r.writes),
      counts: true,
    },
    {
      id: 'writesRenders',
      label: '8. … renders of the list (commits)',
      unit: '',
      values: plain((r) => r.renders),
      counts: true,
    },
    {
      id: 'writesShownMs',
      label: '8. … click → new todo on screen',
      unit: 'ms',
      values: plain((r) => r.shownMs),
    },
    {
      id: 'writesOptimisticReads',
      label: '8. with the optimistic update: backend reads after the write, most in a run',
      unit: '',
      values: optimistic((r) => r.readsAfterWrite, worst),
      counts: true,
    },
    {
      id: 'writesOptimisticMissed',
      label: '8. … runs whose first commit after the click lacked the new todo',
      unit: '',
      values: optimistic((r) => 1 - r.optimistic, total),
      counts: true,
    },
    {
      id: 'writesOptimisticRenders',
      label: '8. … renders of the list (commits)',
      unit: '',
      values: optimistic((r) => r.renders),
      counts: true,
    },
    {
      id: 'writesOptimisticShownMs',
      label: '8. … click → new todo on screen',
      unit: 'ms',
      values: optimistic((r) => r.shownMs),
    },
    {
      id: 'writesOptimisticConfirmedMs',
      label: "8. … click → the server's list on screen",
      unit: 'ms',
      values: optimistic((r) => r.confirmedMs),
    },
  ]
    .filter((row) => Object.values(row.values).some((value) => value !== null))
    .map((row) => ({
      ...row,
      ratios: Object.fromEntries(PEERS.map((peer) => [peer, ratio(row.values.ours, row.values[peer])])),
    }));
}

function ratio(ours, peer) {
  if (ours === null || peer === null || peer === 0) return null;
  return ours / peer;
}

/** The targets whose figures were measured (all but with `--only`); `hard` ones fail the run when missed. */
function targets(byId, sizes) {
  const v = (id, library = 'ours') => byId[id].values[library];
  const NAMES = { tanstack: 'TanStack Query', swr: 'SWR', faster: 'the faster peer' };
  /** react-lifter's figure `id` at most `max` times the peer's (`faster`: the smaller of the two). */
  const ratioTarget = (id, peer, max, what) => [
    [id],
    () => {
      const theirs = peer === 'faster' ? Math.min(v(id, 'tanstack'), v(id, 'swr')) : v(id, peer);
      const unit = byId[id].unit === 'B' ? ' B' : ` ${byId[id].unit}`;
      return {
        target: `${what} ≤ ${max.toFixed(1)}× ${NAMES[peer]}`,
        figure: `${fmt(v(id))}${unit} vs ${fmt(theirs)}${unit} = ${fmt(v(id) / theirs)}×`,
        met: v(id) <= max * theirs,
      };
    },
  ];
  const all = [
    ratioTarget('reloadMs', 'swr', 1.0, 'reload'),
    ratioTarget('reloadMs', 'tanstack', 0.4, 'reload'),
    ratioTarget('coldMs', 'tanstack', 0.2, 'cold start'),
    ratioTarget('coldMs', 'swr', 0.8, 'cold start'),
    ratioTarget('mountMs', 'faster', 0.8, 'mount'),
    ratioTarget('keyInline', 'tanstack', 0.5, 'key of an 8-condition query written inline'),
    ratioTarget('bundle', 'swr', 1.0, 'bundle, hooks + memory cache'),
    ratioTarget('bundleApp', 'tanstack', 0.8, 'bundle of a real app’s library part'),
    [
      ['mountRenders'],
      () => ({
        target: '1 render per memory hit',
        figure: `${v('mountRenders')} renders for ${sizes.mount} hits`,
        met: v('mountRenders') === sizes.mount,
        hard: true,
      }),
    ],
    [
      ['sharedRenders'],
      () => ({
        target: '2 renders per miss',
        figure: `${v('sharedRenders')} renders for ${sizes.shared} components on a miss`,
        met: v('sharedRenders') === 2 * sizes.shared,
        hard: true,
      }),
    ],
    [
      ['sharedCalls'],
      () => ({
        target: '1 backend call for the shared cold key',
        figure: `${v('sharedCalls')} call(s)`,
        met: v('sharedCalls') === 1,
        hard: true,
      }),
    ],
    [
      ['searchBlank'],
      () => ({
        target: 'search box with keepPreviousData: no blank frame while typing or deleting',
        figure: `${v('searchBlank')} blank frame(s), most in a run`,
        met: v('searchBlank') === 0,
        hard: true,
      }),
    ],
    [
      ['searchLate'],
      () => ({
        target: 'search box: no late result shown',
        figure: `${v('searchLate')} late result(s), most in a run`,
        met: v('searchLate') === 0,
        hard: true,
      }),
    ],
    [
      ['writesOptimisticMissed'],
      () => ({
        target: 'adding a todo with the optimistic update: the new todo in the first commit after the click',
        figure: `${v('writesOptimisticMissed')} run(s) without it, of ${sizes.writes.runs}`,
        met: v('writesOptimisticMissed') === 0,
        hard: true,
      }),
    ],
    [
      ['writesOptimisticReads'],
      () => ({
        target: 'adding a todo with the optimistic update: at most 1 backend read after the write',
        figure: `${v('writesOptimisticReads')} read(s), most in a run`,
        met: v('writesOptimisticReads') <= 1,
        hard: true,
      }),
    ],
  ];
  return all.filter(([ids]) => ids.every((id) => byId[id])).map(([, target]) => target());
}

function fmt(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (value !== 0 && Math.abs(value) < 0.1) return value.toPrecision(2);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Workloads 7 and 8, every configuration of every library: medians over the runs, and for each
 * figure in `extremes` its `min` or `max` over them (what must never happen: the most in any run).
 */
function configurations(runs, extremes) {
  if (!runs) return [];
  return Object.entries(runs).flatMap(([library, list]) =>
    list[0].map(({ config }, index) => {
      const all = list.map((results) => results[index]);
      const measured = Object.keys(all[0]).filter((name) => name !== 'config' && name !== 'configurations');
      const values = Object.fromEntries(
        measured.map((name) => {
          const each = all.map((r) => r[name]);
          return [name, extremes[name] ? Math[extremes[name]](...each) : median(each)];
        }),
      );
      return { library, config, values, runs: all.length };
    }),
  );
}

/** The number each workload has in RESULTS.md and NOTES.md (5 is the bundle size, measured on every full run). */
const NUMBERS = { keys: 1, mount: 2, cold: 3, shared: 4, memory: 6, search: 7, writes: 8, reload: 9 };

/**
 * Fails unless a run's figures can stand beside those of `previous` (bench/results.json): same
 * library, bundler and browser versions, and the same sizes shared by several workloads.
 */
export function checkMergeable(previous, { versions, sizes }) {
  const changed = [
    ...Object.keys(versions)
      .filter((name) => versions[name] !== previous.versions[name])
      .map((name) => `${name} ${previous.versions[name]} → ${versions[name]}`),
    ...['runs', 'latency']
      .filter((name) => sizes[name] !== previous.sizes[name])
      .map((name) => `sizes.${name} ${previous.sizes[name]} → ${sizes[name]}`),
  ];
  if (previous.smoke || changed.length > 0) {
    throw new Error(
      `--merge: bench/results.json is ${previous.smoke ? 'a smoke run' : `from another set-up (${changed.join(', ')})`}; ` +
        'run the whole bench (npm run bench) instead.',
    );
  }
}

/**
 * What {@link summarize} takes for `--only=<workloads> --merge`: `previous` (bench/results.json, the
 * last run) with these workloads' raw figures and sizes in place of its own; everything else (the
 * other workloads, the bundle sizes, the date and machine of the run) is kept, and `merges` says
 * which workloads were measured again, and when.
 */
export function mergeInto(previous, { raw, sizes, versions, seconds, workloads }) {
  checkMergeable(previous, { versions, sizes });
  const earlier = (previous.merges ?? [])
    .map((merge) => ({ ...merge, workloads: merge.workloads.filter((name) => !workloads.includes(name)) }))
    .filter((merge) => merge.workloads.length > 0);
  return {
    raw: { ...previous.raw, ...raw },
    bundle: previous.bundle,
    sizes: { ...previous.sizes, ...Object.fromEntries(workloads.map((name) => [name, sizes[name]])) },
    smoke: false,
    versions: previous.versions,
    seconds: previous.seconds,
    date: previous.date,
    machine: previous.machine,
    merges: [...earlier, { workloads, date: new Date().toISOString(), seconds }],
  };
}

function thisMachine() {
  const cpus = os.cpus();
  return {
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

export function summarize({
  raw,
  bundle,
  sizes,
  smoke,
  versions,
  seconds,
  date = new Date().toISOString(),
  machine = thisMachine(),
  merges = [],
}) {
  const figures = rows(raw, bundle, sizes);
  const byId = Object.fromEntries(figures.map((row) => [row.id, row]));
  return {
    date,
    smoke,
    seconds,
    machine,
    merges,
    versions,
    sizes,
    figures,
    targets: targets(byId, sizes),
    coldStartBackendCalls: per(raw.cold, (r) => r.backendCalls),
    searchConfigurations: configurations(raw.search, { blankFrames: 'max', lateResults: 'max' }),
    writesConfigurations: configurations(raw.writes, {
      optimistic: 'min',
      readsAfterWrite: 'max',
      glitches: 'max',
      blankFrames: 'max',
    }),
    bundle,
    raw,
  };
}

const cell = (value, row) =>
  value === null
    ? 'n/a'
    : row.counts
      ? String(Math.round(value))
      : row.unit === 'B'
        ? `${(value / 1000).toFixed(2)} kB`
        : `${fmt(value)} ${row.unit}`;
const ratioCell = (value) => (value === null ? 'n/a' : `${fmt(value)}×`);

/** The results table, in Markdown (which reads fine on a terminal too). */
export function table(results) {
  const lines = [
    `| workload | ${NAMES.ours} | ${NAMES.tanstack} | ${NAMES.swr} | ours / TanStack | ours / SWR |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of results.figures) {
    lines.push(
      `| ${row.label} | ${cell(row.values.ours, row)} | ${cell(row.values.tanstack, row)} | ${cell(row.values.swr, row)} | ${ratioCell(row.ratios.tanstack)} | ${ratioCell(row.ratios.swr)} |`,
    );
  }
  return lines.join('\n');
}

function searchTable(results) {
  const { length, latency, intervals } = results.sizes.search;
  return [
    `Typing ${length} characters one at a time, a keystroke alternately ${intervals.join(' ms and ')} ms after the previous one, then deleting them back to the empty text; the backend answers after ${latency} ms. Medians over ${results.searchConfigurations[0]?.runs} runs; blank frames and late results: the most in any run.`,
    '',
    '| library | configuration | backend calls | … while deleting | distinct texts fetched | renders of the list (commits) | … its function ran | blank frames | late results | first keystroke → final list |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.searchConfigurations.map(
      ({ library, config, values: r }) =>
        `| ${NAMES[library]} | \`${config}\` | ${r.backendCalls} | ${r.callsWhileDeleting} | ${r.distinctQueries} | ${r.renders} | ${r.calls} | ${r.blankFrames} | ${r.lateResults} | ${fmt(r.ms)} ms |`,
    ),
  ].join('\n');
}

function writesTable(results) {
  const { todos, latency } = results.sizes.writes;
  const yes = (value) => (value === 1 ? 'yes' : 'no');
  const ms = (value) => (value === null ? '—' : `${fmt(value)} ms`);
  return [
    `A list of ${todos} todos is on screen; one click adds a todo through the library's mutation API, and the measurement runs until the server's list is on screen and nothing is pending. The backend answers reads and writes after ${latency} ms. Medians over ${results.writesConfigurations[0]?.runs} runs; reads after the write, glitches and blank frames: the most in any run; "in the first commit": in every run.`,
    '',
    '| library | configuration | backend reads after the click | … after the write | backend writes | renders of the list (commits) | … its function ran | new todo in the first commit after the click | glitches | blank frames | click → new todo on screen | click → the server’s list on screen | click → the write no longer pending |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.writesConfigurations.map(
      ({ library, config, values: r }) =>
        `| ${NAMES[library]} | \`${config}\` | ${r.reads} | ${r.readsAfterWrite} | ${r.writes} | ${r.renders} | ${r.calls} | ${yes(r.optimistic)} | ${r.glitches} | ${r.blankFrames} | ${ms(r.shownMs)} | ${ms(r.confirmedMs)} | ${ms(r.settledMs)} |`,
    ),
  ].join('\n');
}

function targetTable(results) {
  return [
    '| target | figure | |',
    '| --- | --- | --- |',
    ...results.targets.map((t) => `| ${t.target} | ${t.figure} | ${t.met ? 'met' : '**missed**'} |`),
  ].join('\n');
}

function moduleTable(results) {
  const { modules, gzip } = results.bundle['react-lifter (core + React)'];
  return [
    `Each module's share of react-lifter's core + React bundle (${gzip} B gzip): its code as bundled, minified alone (no dead-code removal) and gzipped alone, so the shares add up to more than the bundle.`,
    '',
    '| module | minified | gzip |',
    '| --- | ---: | ---: |',
    ...modules.map((m) => `| ${m.module} | ${m.minified} B | ${m.gzip} B |`),
  ].join('\n');
}

/** Bars of our ratio to each peer, on a log scale: left of 1× we are smaller/faster. */
export function svg(results) {
  const bars = results.figures.filter((row) => !row.counts && row.ratios.tanstack !== null);
  const width = 760;
  const left = 300;
  const plot = width - left - 70;
  const rowHeight = 34;
  const height = 60 + bars.length * rowHeight + 30;
  const [lo, hi] = [Math.log10(0.01), Math.log10(10)];
  const x = (value) => left + ((Math.log10(Math.min(Math.max(value, 0.01), 10)) - lo) / (hi - lo)) * plot;
  const colors = { tanstack: '#ef4444', swr: '#3b82f6' };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">react-lifter ÷ peer (log scale; left of 1× is better)</text>`,
    `<rect x="${left}" y="32" width="10" height="10" fill="${colors.tanstack}"/><text x="${left + 14}" y="41">vs TanStack Query</text>`,
    `<rect x="${left + 140}" y="32" width="10" height="10" fill="${colors.swr}"/><text x="${left + 154}" y="41">vs SWR</text>`,
  ];
  for (const tick of [0.01, 0.1, 1, 10]) {
    parts.push(
      `<line x1="${x(tick)}" y1="52" x2="${x(tick)}" y2="${height - 24}" stroke="${tick === 1 ? '#111' : '#ddd'}"/>`,
    );
    parts.push(`<text x="${x(tick)}" y="${height - 8}" text-anchor="middle">${tick}×</text>`);
  }
  bars.forEach((row, i) => {
    const y = 58 + i * rowHeight;
    parts.push(
      `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${row.label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    );
    PEERS.forEach((peer, j) => {
      const value = row.ratios[peer];
      if (value === null) return;
      const [a, b] = [x(1), x(value)];
      parts.push(
        `<rect x="${Math.min(a, b)}" y="${y + 3 + j * 13}" width="${Math.max(Math.abs(b - a), 1)}" height="11" fill="${colors[peer]}"/>`,
      );
      parts.push(`<text x="${Math.max(a, b) + 4}" y="${y + 12 + j * 13}" font-size="10">${fmt(value)}×</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes `<prefix>results.json`, `<prefix>RESULTS.md` and `<prefix>ratios.svg`; returns the table. */
export async function writeReports(results, prefix) {
  const text = table(results);
  const notes = await readFile(`${root}bench/NOTES.md`, 'utf8').catch(() => '');
  const v = results.versions;
  const markdown = [
    '# Benchmarks: react-lifter vs TanStack Query and SWR',
    '',
    `Generated by \`npm run bench\` on ${results.date.slice(0, 10)} (${results.seconds.toFixed(0)} s), ${results.smoke ? '**smoke sizes**, ' : ''}on ${results.machine.cpu}, ${results.machine.memoryGB} GB, ${results.machine.platform}; Node ${results.machine.node}, Chromium ${v.chromium} (headless, through Playwright ${v.playwright}).`,
    ...results.merges.map(
      (merge) =>
        `${merge.workloads.map((name) => `Workload ${NUMBERS[name]} (${name})`).join(', ')} measured on its own on ${merge.date.slice(0, 10)} (${merge.seconds.toFixed(0)} s, \`npm run bench -- --only=${merge.workloads.join(',')} --merge\`); every other figure is from the run above.`,
    ),
    `Libraries: react-lifter (this repository, from src/), @tanstack/react-query ${v['@tanstack/react-query']}, @tanstack/query-persist-client-core ${v['@tanstack/query-persist-client-core']}, swr ${v.swr}, idb-keyval ${v['idb-keyval']}, react + react-dom ${v.react}; bundles by rolldown ${v.rolldown} (Vite ${v.vite}).`,
    '',
    'Medians over repeated runs; lower is better everywhere; a ratio below 1× means react-lifter is faster or smaller.',
    '',
    text,
    '',
    '![react-lifter ÷ peer](ratios.svg)',
    '',
    '## Targets',
    '',
    targetTable(results),
    '',
    ...(results.searchConfigurations.length > 0
      ? ['## 7. The search box, every configuration', '', searchTable(results), '']
      : []),
    ...(results.writesConfigurations.length > 0
      ? ['## 8. Adding a todo, then listing it, every configuration', '', writesTable(results), '']
      : []),
    "## Where react-lifter's bundle goes",
    '',
    moduleTable(results),
    '',
    notes.trim(),
    '',
  ].join('\n');
  const { raw, ...summary } = results;
  await writeFile(`${prefix}results.json`, `${JSON.stringify({ ...summary, raw }, null, 2)}\n`);
  await writeFile(`${prefix}RESULTS.md`, markdown);
  await writeFile(`${prefix}ratios.svg`, `${svg(results)}\n`);
  return text;
}

/** react-lifter's promises that must hold on every run, smoke included. */
export function checkInvariants(results) {
  const broken = results.targets.filter((t) => t.hard && !t.met).map((t) => `${t.target}: ${t.figure}`);
  const coldCalls = results.coldStartBackendCalls.ours;
  if (coldCalls !== null && coldCalls !== 0)
    broken.push(`no backend call on a cold start from IndexedDB: ${coldCalls} call(s)`);
  return broken;
}
