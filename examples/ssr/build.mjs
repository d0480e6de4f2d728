// Bundles the example with Vite: the browser's bundle and the server's render, into a directory of
// node_modules/.cache (git-ignored, and where the server bundle finds react and react-dom), from the
// library's sources, so that no `npm run build` is needed first.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds both bundles, React in `mode` ('development' shows React's warnings, 'production' is what a
 * site ships). Returns where they are, and `remove()` to delete them.
 */
export async function buildExample(mode) {
  const cacheDir = `${root}node_modules/.cache/react-lifter-ssr-example/`;
  await mkdir(cacheDir, { recursive: true });
  const outDir = await mkdtemp(`${cacheDir}${mode}-`);
  const shared = {
    configFile: false,
    root: here,
    mode,
    logLevel: 'warn',
    publicDir: false,
    plugins: [react()],
    resolve: { alias: [{ find: /^react-lifter$/, replacement: `${root}src/index.ts` }] },
  };
  await build({
    ...shared,
    // Set explicitly: Vite would take the NODE_ENV of the process running it (e.g. `test` under Vitest).
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    build: {
      outDir: `${outDir}/client`,
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: false,
      rolldownOptions: { input: `${here}entry-client.tsx`, output: { entryFileNames: 'client.js' } },
    },
  });
  await build({
    ...shared,
    // Only the example and the library are bundled: react and react-dom stay imports, found in node_modules.
    build: {
      ssr: `${here}entry-server.tsx`,
      outDir: `${outDir}/server`,
      emptyOutDir: true,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: 'entry-server.js' } },
    },
  });
  return {
    clientDir: `${outDir}/client/`,
    serverEntry: `${outDir}/server/entry-server.js`,
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}
