import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defineConfig } from 'vitest/config';

const react18 = fileURLToPath(new URL('./test/react18/node_modules', import.meta.url));

/** Debian's Chromium, installed by scripts/ensure-chromium.sh (Playwright's own download cannot work here). */
export const chromium = playwright({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
});

export default defineConfig({
  test: {
    restoreMocks: true,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/redis/**'],
          environment: 'node',
          restoreMocks: true,
        },
      },
      {
        // RedisCache against real Redis servers: each test file starts its own redis-server (scripts/redis-server.mjs;
        // Debian's, installed by scripts/ensure-redis.sh), so that a test may kill and restart it.
        test: {
          name: 'redis',
          include: ['test/redis/**/*.test.{ts,tsx}'],
          environment: 'node',
          restoreMocks: true,
        },
      },
      {
        // The React tests again on React 18 (test/react18, installed by scripts/ensure-react18.sh): the hooks support both.
        resolve: {
          alias: [
            // Its ES module (Node would load its CommonJS build, whose requires no alias reaches).
            {
              find: /^@testing-library\/react$/,
              replacement: '@testing-library/react/dist/@testing-library/react.esm.js',
            },
            { find: /^react-dom(\/.*)?$/, replacement: `${react18}/react-dom$1` },
            { find: /^react(\/.*)?$/, replacement: `${react18}/react$1` },
          ],
        },
        test: {
          name: 'react18',
          include: ['test/react/**/*.test.tsx', 'test/readme-react.test.tsx'],
          environment: 'node',
          restoreMocks: true,
          // Compiled by Vite, so that its imports of React take the alias too.
          server: { deps: { inline: [/@testing-library\/react/] } },
        },
      },
      {
        plugins: [react()],
        // Pre-bundled up front: a dependency discovered mid-run makes Vite reload the page (and load React twice).
        optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-dev-runtime', 'idb-keyval'] },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          restoreMocks: true,
          browser: {
            enabled: true,
            headless: true,
            provider: chromium,
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // Every story in stories/ is a test: it renders in Chromium and its play function asserts its behaviour.
        extends: true,
        plugins: [storybookTest({ configDir: '.storybook' })],
        optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-dev-runtime', 'idb-keyval'] },
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: chromium,
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
