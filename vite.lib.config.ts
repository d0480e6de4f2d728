import { defineConfig } from 'vite';

// The entries that render or use React: their built files start with "use client", so a React Server
// Component may import them (as client references). Bundlers drop a directive found in a source module,
// so it is written here, on the entry chunks only.
const clientEntries = new Set(['index', 'inspector']);

// The library build. Kept out of vite.config.ts, which Storybook loads.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    target: 'es2022',
    lib: {
      entry: {
        index: 'src/index.ts',
        core: 'src/core/index.ts',
        idb: 'src/idb/index.ts',
        inspector: 'src/react/inspector.tsx',
        redis: 'src/redis/index.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      // `redis` (an optional peer dependency) and Node's modules: the redis entry runs in Node only.
      external: ['react', 'react-dom', 'react/jsx-runtime', 'idb-keyval', 'redis', /^node:/],
      output: {
        banner: (chunk) => (chunk.isEntry && clientEntries.has(chunk.name) ? '"use client";' : ''),
      },
    },
  },
});
