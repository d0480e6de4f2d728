import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../src/idb/index.ts', import.meta.url));
const outDirs: string[] = [];
afterAll(() => Promise.all(outDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * `react-lifter/idb` bundled and minified as an app's bundler would, for `mode` (left as
 * written without one); the output's text. As a script, with idb-keyval inside, to run in a bare context.
 */
async function bundle(mode: 'production' | 'development' | undefined, { script = false } = {}): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `react-lifter-idb-${mode ?? 'unbundled'}-`));
  outDirs.push(outDir);
  await build({
    configFile: false,
    logLevel: 'silent',
    define: mode ? { 'process.env.NODE_ENV': JSON.stringify(mode) } : {},
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: script
        ? { entry, formats: ['iife'], name: 'ReactLifterIdb', fileName: 'idb' }
        : { entry, formats: ['es'], fileName: 'idb' },
      rolldownOptions: { external: script ? [] : ['idb-keyval'] },
    },
  });
  const files = await readdir(outDir);
  return (await Promise.all(files.map((file) => readFile(join(outDir, file), 'utf8')))).join('\n');
}

describe('the fault warning is development-only code', () => {
  it('is absent from a production build, with its advice texts', async () => {
    const output = await bundle('production');
    expect(output).toContain('IndexedDBCache');
    expect(output).not.toContain('kept in memory only');
    expect(output).not.toContain('storage quota exceeded');
    expect(output).not.toMatch(/process\.env/);
  }, 60_000);

  it('left as written and run where there is no `process`, reporting a fault does not throw', async () => {
    const script = await bundle(undefined, { script: true });
    expect(script).toMatch(/process\.env\.NODE_ENV/);
    const told: string[] = [];
    const warned: unknown[] = [];
    const page = {
      console: { warn: (...args: unknown[]) => warned.push(args), error: console.error },
      setTimeout,
      clearTimeout,
      told,
    };
    runInNewContext(
      `${script}; globalThis.cache = new ReactLifterIdb.IndexedDBCache({ onError: (_error, fault) => told.push(fault) });`,
      page,
    );
    const cache = (page as unknown as { cache: import('../../src/idb/index').IndexedDBCache }).cache;
    expect(await cache.get('never-set', 'miss')).toBe('miss');
    expect(await cache.set('k', 1)).toBe(1);
    expect(await cache.get('k')).toBe(1);
    expect(told).toEqual(['unavailable']);
    expect(warned).toEqual([]);
  }, 60_000);

  it('is present in a development build', async () => {
    const output = await bundle('development');
    expect(output).toContain('kept in memory only');
    expect(output).toContain('storage quota exceeded');
  }, 60_000);
});
