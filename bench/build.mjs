// Builds what the benchmark needs: the browser pages (one per library, production React, plus a
// profiling variant whose React reports renders to <Profiler>), and the bundle-size measurements.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { rolldown } from 'rolldown';
import { minifySync } from 'rolldown/utils';
import { build } from 'vite';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const out = `${root}bench/.out/`;
export const libraries = ['ours', 'tanstack', 'swr'];

/** `react-lifter` is built from its sources (what `npm run build` compiles), never from a stale dist/. */
const ourSources = [
  { find: /^react-lifter\/idb$/, replacement: `${root}src/idb/index.ts` },
  { find: /^react-lifter$/, replacement: `${root}src/index.ts` },
];

/** Bundles the pages into bench/.out/<variant>/<library>.js. */
export async function buildPages() {
  for (const variant of ['production', 'profiling']) {
    const profiling = variant === 'profiling';
    await build({
      configFile: false,
      root: `${root}bench/pages`,
      mode: 'production',
      logLevel: 'warn',
      plugins: [react()],
      define: { 'import.meta.env.VITE_PROFILING': JSON.stringify(String(profiling)) },
      resolve: {
        // React's profiling build is its production build with <Profiler> callbacks kept.
        alias: [
          ...ourSources,
          ...(profiling ? [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] : []),
        ],
      },
      build: {
        outDir: `${out}${variant}`,
        emptyOutDir: true,
        target: 'es2022',
        modulePreload: false,
        // BENCH_MINIFY=false keeps names readable in CPU profiles of the pages.
        minify: process.env.BENCH_MINIFY !== 'false',
        rolldownOptions: {
          input: Object.fromEntries(libraries.map((name) => [name, `${root}bench/pages/${name}.tsx`])),
          output: { entryFileNames: '[name].js', chunkFileNames: '[name].js' },
        },
      },
    });
  }
}

/**
 * What each library needs for these workloads: the imports the pages make. React is external for
 * all; idb-keyval is bundled where a library needs it.
 */
export const sizeEntries = {
  'react-lifter (core + React)': `export { CacheProvider, cacheKey, defineModel, MemoryCache, query, Store, useQuery } from 'react-lifter';`,
  'react-lifter + idb': `export { CacheProvider, cacheKey, defineModel, MemoryCache, query, Store, useQuery } from 'react-lifter'; export { IndexedDBCache } from 'react-lifter/idb';`,
  'TanStack Query': `export { hashKey, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';`,
  'TanStack Query + persister': `export { hashKey, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'; export { experimental_createQueryPersister } from '@tanstack/query-persist-client-core'; export { createStore, del, get, set } from 'idb-keyval';`,
  SWR: `export { mutate, SWRConfig, unstable_serialize } from 'swr'; export { default as useSWRImmutable } from 'swr/immutable';`,
  'SWR + idb-keyval': `export { mutate, SWRConfig, unstable_serialize } from 'swr'; export { default as useSWRImmutable } from 'swr/immutable'; export { createStore, get, set } from 'idb-keyval';`,
  // A real app's library part: reads and writes through hooks, a REST backend, the cache. react-lifter's RestStore
  // is its fetch layer; TanStack Query and SWR leave fetching to the app (its fetcher is not counted for them).
  'react-lifter, real app': `export { CacheProvider, defineModel, MemoryCache, query, RestStore, useMutation, useQuery } from 'react-lifter';`,
  'TanStack Query, real app': `export { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';`,
  'SWR, real app': `export { SWRConfig, default as useSWR } from 'swr'; export { default as useSWRMutation } from 'swr/mutation';`,
  'react-lifter, whole entry': `export * from 'react-lifter';`,
};

/**
 * Bundles each entry with rolldown (Vite's bundler), production defines, minified; gzip level 9.
 * For react-lifter, also the share of each source module (each module's code minified alone).
 */
export async function measureSizes() {
  await mkdir(`${out}size`, { recursive: true });
  const sizes = {};
  for (const [name, source] of Object.entries(sizeEntries)) {
    const file = `${out}size/${name.replace(/[^a-z]+/gi, '-')}.js`;
    await writeFile(file, source);
    const bundle = await rolldown({
      input: file,
      cwd: root,
      platform: 'browser',
      logLevel: 'silent',
      resolve: {
        alias: Object.fromEntries(
          ourSources.map(({ find, replacement }) => [find.source.slice(1, -1).replace('\\/', '/'), replacement]),
        ),
      },
      transform: { define: { 'process.env.NODE_ENV': '"production"' } },
      external: [/^react($|\/)/, /^react-dom($|\/)/],
    });
    const { output } = await bundle.generate({ format: 'es', minify: true });
    await bundle.close();
    const [chunk] = output;
    const modules = Object.entries(chunk.modules)
      .filter(([, module]) => module.code)
      .map(([id, module]) => {
        const minified = minifySync('module.js', module.code, { module: true, compress: false }).code;
        return {
          module: id.replace(root, ''),
          minified: minified.length,
          gzip: gzipSync(minified, { level: 9 }).length,
        };
      })
      .sort((a, b) => b.gzip - a.gzip);
    sizes[name] = { minified: chunk.code.length, gzip: gzipSync(chunk.code, { level: 9 }).length, modules };
  }
  return sizes;
}
