// What every library's benchmark page shares: the data, the queries, the component that renders one
// query, and the measurements. Each library page (ours.tsx, tanstack.tsx, swr.tsx) only says how
// that library is used, idiomatically, and hands it to installBench.
import { type FC, Profiler, type ReactNode, useLayoutEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { type SearchConfig, type SearchOptions, typeAndDelete } from './search';
import { addThenList, type WritesConfig, type WritesOptions } from './writes';

/** One row of a list result. */
export interface Row {
  id: number;
  name: string;
  age: number;
  company: { name: string };
}

/** A typical query as an app writes it: filters, ordering and a window (3–30 fields in all). */
export interface Spec {
  filter: Record<string, unknown>;
  orderBy: string[];
  offset: number;
  limit: number;
}

/** A query with the result that a backend gives for it. */
export interface Entry {
  spec: Spec;
  rows: Row[];
}

/** The backend every library calls with the number of the query (see {@link idOf}): counts its calls. */
export interface Fetcher {
  (id: number): Promise<Row[]>;
  calls: number;
  /** When the answer to each query number left the backend (`performance.now()`). */
  answeredAt: Map<number, number>;
}

/** What a library gives the shared mount code: a provider and a hook that returns a query's rows. */
export interface Setup {
  Root: FC<{ children: ReactNode }>;
  useRows: (spec: Spec) => Row[] | undefined;
}

/** A library, used as its documentation says. */
export interface Library {
  name: string;
  /** The cache key of a query written inline: a fresh object, keyed from scratch. */
  freshKey: (spec: Spec) => string;
  /** What the app holds when it keeps the query in a variable (built once), and its key. */
  prepareKey: (spec: Spec) => unknown;
  sameKey: (prepared: unknown) => string;
  /** A memory cache already holding these results. */
  memory: (entries: Entry[]) => Promise<Setup>;
  /** An empty memory cache in front of `fetcher`. */
  cold: (fetcher: Fetcher) => Setup;
  /** The library's own IndexedDB persistence in front of `fetcher`; `flush` resolves once every write committed. */
  persisted: (fetcher: Fetcher) => Promise<Setup & { flush: (count: number) => Promise<void> }>;
  /** Caches the results in the library's memory cache (no rendering); returns what holds them. */
  hold: (entries: Entry[]) => Promise<unknown>;
  /** Ways to back the search box of workload 7, the library's documented default first. */
  search: SearchConfig[];
  /** Ways to add a todo for workload 8: without an optimistic update, then with the one that writes the cached list, then others. */
  writes: WritesConfig[];
}

const FIELDS = ['status', 'role', 'team', 'country', 'city', 'plan', 'source', 'tier', 'lang', 'zone'];

/** The i-th query: between 3 and 30 fields (filters + ordering + window), distinct for every i. */
export function makeSpec(i: number): Spec {
  const fields = 3 + (i % 28);
  const filter: Record<string, unknown> = { id: { gte: i } };
  for (let f = 1; f < fields - 2; f++) {
    const name = `${FIELDS[f % FIELDS.length]}${Math.floor(f / FIELDS.length) || ''}`;
    filter[name] = f % 3 === 0 ? { in: [`a${f}`, `b${f}`] } : f % 3 === 1 ? `value ${f}` : { lte: f * 10 };
  }
  return { filter, orderBy: ['-age', 'name'], offset: (i % 5) * 20, limit: 20 };
}

/** A query with 8 conditions, as a screen writes it inline: workload 1 keys it from a fresh copy, again and again. */
const INLINE_SPEC: Spec = {
  filter: {
    id: { gte: 7 },
    status: 'open',
    role: { in: ['admin', 'owner'] },
    team: { lte: 30 },
    country: 'fr',
    city: { in: ['Paris', 'Lyon'] },
    plan: { lte: 60 },
    source: 'web',
  },
  orderBy: ['-age', 'name'],
  offset: 20,
  limit: 20,
};

/** The number of the query a spec came from (its `id >= i` filter), which is all a backend needs. */
export function idOf(spec: Spec): number {
  return (spec.filter.id as { gte: number }).gte;
}

/** A fresh deep copy, as an inline object literal in render would be. */
export function fresh<T>(value: T): T {
  if (Array.isArray(value)) return value.map(fresh) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = fresh((value as Record<string, unknown>)[key]);
  return out as T;
}

/** The rows a backend returns for the i-th query (a list of `size` rows). */
export function makeRows(i: number, size = 10): Row[] {
  return Array.from({ length: size }, (_, j) => ({
    id: i * size + j,
    name: `user ${i}.${j}`,
    age: 18 + ((i + j) % 60),
    company: { name: `company ${j % 7}` },
  }));
}

export function makeEntries(count: number, size = 10): Entry[] {
  return Array.from({ length: count }, (_, i) => ({ spec: makeSpec(i), rows: makeRows(i, size) }));
}

/** A backend that answers the i-th query with its rows after `latency` ms, and counts its calls. */
export function makeFetcher(latency: number, rowsOf: (id: number) => Row[] = makeRows): Fetcher {
  const fetcher = (async (id: number) => {
    fetcher.calls++;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    fetcher.answeredAt.set(id, performance.now());
    return rowsOf(id);
  }) as Fetcher;
  fetcher.calls = 0;
  fetcher.answeredAt = new Map();
  return fetcher;
}

const PROFILING = import.meta.env.VITE_PROFILING === 'true';

export interface MountResult {
  /** Milliseconds from `startedAt` until the last component committed its data. */
  ms: number;
  /** Component function calls. */
  calls: number;
  /** Commits of each component, summed, from React's Profiler (profiling build only; otherwise null). */
  renders: number | null;
}

/**
 * Mounts one component per spec under the library's provider and resolves when every one has
 * committed data to the DOM (a layout effect, so before paint), then unmounts. `shownAt` gets
 * the time each component (by spec index) first committed its data.
 */
export async function mountAll(
  setup: Setup,
  specs: Spec[],
  startedAt = performance.now(),
  shownAt: number[] = [],
): Promise<MountResult> {
  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  let ready = 0;
  let calls = 0;
  let renders = 0;
  let finish!: (at: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const countRender = () => renders++;

  function Item({ spec, index }: { spec: Spec; index: number }) {
    calls++;
    const rows = setup.useRows(spec);
    const shown = useRef(false);
    useLayoutEffect(() => {
      if (rows === undefined || shown.current) return;
      shown.current = true;
      shownAt[index] = performance.now();
      if (++ready === specs.length) finish(performance.now());
    });
    return <li>{rows ? `${rows.length} rows, first ${rows[0]?.name}` : '…'}</li>;
  }
  const items = specs.map((spec, i) =>
    PROFILING ? (
      <Profiler key={i} id="item" onRender={countRender}>
        <Item spec={spec} index={i} />
      </Profiler>
    ) : (
      <Item key={i} spec={spec} index={i} />
    ),
  );
  root.render(<setup.Root>{items}</setup.Root>);
  const doneAt = await finished;
  // Let late updates (a second render after the data, if any) land before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  root.unmount();
  container.remove();
  return { ms: doneAt - startedAt, calls, renders: PROFILING ? renders : null };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nanoseconds per call of `fn` over `samples` (each sample runs `fn` on every input, `loops` times). */
function timePerCall<I>(
  inputs: () => I[],
  fn: (input: I) => string,
  loops: number,
  samples: number,
): { ns: number; samples: number[] } {
  const results: number[] = [];
  let sink = 0;
  // Sample 0 warms the JIT up and is not counted.
  for (let s = 0; s <= samples; s++) {
    const batch = inputs();
    const started = performance.now();
    for (let l = 0; l < loops; l++) for (const input of batch) sink += fn(input).length;
    if (s > 0) results.push(((performance.now() - started) * 1e6) / (loops * batch.length));
  }
  if (sink === 0) throw new Error('no keys were derived');
  return { ns: median(results), samples: results };
}

/** The persistence the last cold start opened (workload 9 leaves the page through it). */
let opened: { flush: (count: number) => Promise<void> } | undefined;

/** Exposes the workloads to the runner (bench/run.mjs drives them through Playwright). */
export function installBench(library: Library): void {
  const bench = {
    library: library.name,

    /** Workload 1: key derivation, fresh object per call and the same object repeatedly. */
    keys({ queries, loops, samples }: { queries: number; loops: number; samples: number }) {
      const specs = Array.from({ length: queries }, (_, i) => makeSpec(i));
      // A fresh object per call: the copies are made before the clock starts (the copy is not keying).
      const copies = () => Array.from({ length: loops }, () => specs.map(fresh)).flat();
      const freshKeys = timePerCall(copies, library.freshKey, 1, samples);
      const prepared = specs.map(library.prepareKey);
      const sameKeys = timePerCall(() => prepared, library.sameKey, loops, samples);
      // What a component does on every render: the same 8-condition query, written inline (a fresh object each time).
      const inline = () => Array.from({ length: loops * queries }, () => fresh(INLINE_SPEC));
      const inlineKeys = timePerCall(inline, library.freshKey, 1, samples);
      return {
        freshNs: freshKeys.ns,
        sameNs: sameKeys.ns,
        inlineNs: inlineKeys.ns,
        sample: library.sameKey(prepared[0]),
      };
    },

    /** Workload 2: mount `count` components whose data is in the memory cache. */
    async mount({ count }: { count: number }) {
      const entries = makeEntries(count);
      const setup = await library.memory(entries);
      return mountAll(
        setup,
        entries.map((entry) => entry.spec),
      );
    },

    /** Workload 4: `count` components on one cold key. */
    async sharedKey({ count, latency }: { count: number; latency: number }) {
      const fetcher = makeFetcher(latency);
      const spec = makeSpec(7);
      const result = await mountAll(
        library.cold(fetcher),
        Array.from({ length: count }, () => spec),
      );
      return { ...result, backendCalls: fetcher.calls };
    },

    /**
     * Workload 3, first page: run `count` queries with the library's persistence and wait for the
     * writes. `answerToScreenMs` is, for each query, from its backend answer to its data on screen
     * (median and 95th percentile): persistence should not hold it back.
     */
    async persist({ count }: { count: number }) {
      const fetcher = makeFetcher(0);
      const setup = await library.persisted(fetcher);
      const started = performance.now();
      const specs = makeEntries(count, 1).map((entry) => entry.spec);
      const shownAt: number[] = [];
      await mountAll(setup, specs, performance.now(), shownAt);
      await setup.flush(count);
      const delays = specs.map((spec, i) => shownAt[i]! - fetcher.answeredAt.get(idOf(spec))!).sort((a, b) => a - b);
      return {
        ms: performance.now() - started,
        answerToScreenMs: { median: median(delays), p95: delays[Math.floor(0.95 * (delays.length - 1))]! },
        backendCalls: fetcher.calls,
      };
    },

    /** Workload 3, fresh page: open the persistence and mount `count` components on what it holds. */
    async coldStart({ count }: { count: number }) {
      const counter = (window as unknown as { __idbTransactions: { count: number } }).__idbTransactions;
      const before = counter.count;
      const fetcher = makeFetcher(0);
      const startedAt = performance.now();
      const setup = await library.persisted(fetcher);
      opened = setup;
      const result = await mountAll(
        setup,
        makeEntries(count, 1).map((entry) => entry.spec),
        startedAt,
      );
      return { ...result, transactions: counter.count - before, backendCalls: fetcher.calls };
    },

    /** Workload 9: leaving the page, as a reload does (pagehide), once the persistence has written what it had to. */
    async leave() {
      window.dispatchEvent(new Event('pagehide'));
      await opened?.flush(0);
      return true;
    },

    /** Workload 6, step 1: make the results (kept in a global so that they are in the baseline). */
    memoryPrepare({ count }: { count: number }) {
      (window as unknown as { __entries?: Entry[] }).__entries = makeEntries(count);
      return count;
    },

    /** Workload 6, step 2: cache them in the library, then drop every reference but the library's. */
    async memoryHold() {
      const scope = window as unknown as { __entries?: Entry[]; __held?: unknown };
      scope.__held = await library.hold(scope.__entries!);
      delete scope.__entries;
      return true;
    },

    /** Workload 7: typing into a search box, then deleting, with the library's `config`-th configuration. */
    async search({ config, ...options }: SearchOptions & { config: number }) {
      const chosen = library.search[config]!;
      return { config: chosen.name, configurations: library.search.length, ...(await typeAndDelete(chosen, options)) };
    },

    /** Workload 8: add a todo to a list, then list it, with the library's `config`-th configuration. */
    async writes({ config, ...options }: WritesOptions & { config: number }) {
      const chosen = library.writes[config]!;
      return { config: chosen.name, configurations: library.writes.length, ...(await addThenList(chosen, options)) };
    },
  };
  (window as unknown as { bench: typeof bench }).bench = bench;
}
