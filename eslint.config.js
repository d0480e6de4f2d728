import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'storybook-static/', 'node_modules/', 'bench/.out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layout rule: the core knows nothing of React or IndexedDB.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['react', 'react-dom', 'idb-keyval', 'redis'], patterns: ['**/react/*', '**/idb/*', '**/redis/*'] },
      ],
    },
  },
  {
    // The other layers reach the core through its internal entry only.
    files: ['src/react/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['idb-keyval', 'redis'], patterns: ['../core/*', '!../core/internal', '**/redis/*'] },
      ],
    },
  },
  {
    files: ['src/idb/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['redis'], patterns: ['../core/*', '!../core/internal', '**/react/*', '**/redis/*'] },
      ],
    },
  },
  {
    // The Redis cache (Node only) is the one place the Redis client is imported.
    files: ['src/redis/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['react', 'react-dom', 'idb-keyval'], patterns: ['../core/*', '!../core/internal', '**/react/*'] },
      ],
    },
  },
  {
    // Tests capture what a hook returned in an outer variable, on purpose.
    files: ['test/**'],
    rules: { 'react-hooks/globals': 'off' },
  },
  {
    files: ['examples/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The benchmark runner runs in Node and hands some functions to the pages it drives.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
