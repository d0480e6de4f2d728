import { PassThrough } from 'node:stream';
import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { renderToPipeableStream } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CacheProvider, defineModel, MemoryStore, query, useSuspenseQuery } from '../../src/index';
import type { RedisCache } from '../../src/redis/index';
import { nextEvent, redisSuite } from './helpers';

const redis = redisSuite();

const Book = defineModel<{ id: number; title: string }>({ app: 'library', name: 'book' });
const titles = query(Book).orderBy('title').valuesList('title', { flat: true });
let backendCalls = 0;

/** The backend every process asks (one database behind the fleet). */
class Library extends MemoryStore {
  protected override execute(...args: Parameters<MemoryStore['execute']>) {
    backendCalls++;
    return super.execute(...args);
  }
}

/**
 * One server process: its own store on its own RedisCache (its own connection), with the identifier of
 * the others and the same backend (`data`).
 */
async function serverProcess(data: { library: { book: { id: number; title: string }[] } }) {
  const cache = await redis.cache({ namespace: 'ssr', memory: { maxEntries: 100 } });
  const store = new Library({ identifier: 'library', latency: 5, data });
  return { cache, store };
}

/** Two processes on one backend, and a namespace of their own. */
async function fleet() {
  backendCalls = 0;
  const data = {
    library: {
      book: [
        { id: 1, title: 'Emma' },
        { id: 2, title: 'Dune' },
      ],
    },
  };
  const first = await serverProcess(data);
  await first.cache.clear();
  return { first, second: await serverProcess(data) };
}

function Titles({ store }: { store: MemoryStore }) {
  const { data } = useSuspenseQuery(store, Book, titles);
  return <p>{data.join(', ')}</p>;
}

/** Resolves once `cache` has heard that another process wrote `key`. */
const toldOfWrite = (cache: RedisCache, key: string) =>
  nextEvent(cache, (event) => event.type === 'delete' && event.key === key);

/** Renders a request's page the way a streaming server does, and resolves to its HTML once all is ready. */
function renderPage(cache: RedisCache, children: ReactNode): Promise<string> {
  return new Promise((resolve, reject) => {
    let html = '';
    const sink = new PassThrough();
    sink.on('data', (chunk) => (html += chunk));
    sink.on('end', () => resolve(html));
    const { pipe } = renderToPipeableStream(
      <CacheProvider cache={cache}>
        <Suspense fallback={<p>Loading…</p>}>{children}</Suspense>
      </CacheProvider>,
      { onAllReady: () => pipe(sink), onShellError: reject, onError: reject },
    );
  });
}

describe('server rendering on a fleet sharing one RedisCache', () => {
  it('two renders in separate processes make one backend call; a repeat render is a memory hit', async () => {
    const { first, second } = await fleet();
    const key = first.store.key(Book, titles);
    const told = toldOfWrite(second.cache, key);
    expect(await renderPage(first.cache, <Titles store={first.store} />)).toContain('<p>Dune, Emma</p>');
    // Here the second request comes once the second process has heard of the first one's write: the value it reads
    // then stays in its memory layer (one read earlier, it would be dropped when the message came, and read again).
    await told;
    expect(await renderPage(second.cache, <Titles store={second.store} />)).toContain('<p>Dune, Emma</p>');
    expect(backendCalls).toBe(1);

    // The second process now holds it in its memory layer: its next render does not even suspend.
    expect(second.cache.peek(key, { query: titles.canonical })).toEqual(['Dune', 'Emma']);
    const again = await renderPage(second.cache, <Titles store={second.store} />);
    expect(again).toContain('<p>Dune, Emma</p>');
    expect(again).not.toContain('Loading');
    expect(backendCalls).toBe(1);
  });

  it('a write in one process makes the other render fresh data, with one more backend call', async () => {
    const { first, second } = await fleet();
    const told = toldOfWrite(second.cache, first.store.key(Book, titles));
    await renderPage(first.cache, <Titles store={first.store} />);
    await told;
    // The second process holds the result in its memory layer (read here by a route handler, say).
    expect(await second.store.run(Book, titles, { cache: second.cache })).toEqual(['Dune', 'Emma']);
    expect(second.cache.peek(second.store.key(Book, titles), { query: titles.canonical })).toEqual(['Dune', 'Emma']);
    // The backend changes through the first process, which invalidates the model in the shared cache; the second
    // process hears of it on the namespace's channel (a message sent behind the removal) and drops its copy.
    const heard = nextEvent(second.cache, (event) => event.type === 'invalidate');
    await first.store.create(Book, { title: 'Beloved' });
    await heard;
    expect(await renderPage(second.cache, <Titles store={second.store} />)).toContain('<p>Beloved, Dune, Emma</p>');
    expect(backendCalls).toBe(2);
  });
});
