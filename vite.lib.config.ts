import { defineConfig } from 'vite';

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
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: ['react', 'react-dom', 'react/jsx-runtime', 'idb-keyval'],
    },
  },
});
