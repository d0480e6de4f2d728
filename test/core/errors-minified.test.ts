import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/core/index';

// A minifier renames classes (`class ConfigurationError` becomes `class g`), so an error that takes
// its name from its constructor is called "g" in production. This builds the core as an app would
// ship it, minified, and checks the names there.

const entry = fileURLToPath(new URL('../../src/core/index.ts', import.meta.url));
let outDir: string;
let built: Record<string, unknown>;

/** Every exported class that makes errors (LifterError and its subclasses), by exported name. */
const errorClasses = Object.keys(source).filter((name) => {
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'function' && value.prototype instanceof Error;
});

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'react-lifter-minified-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'core' },
    },
  });
  const [file] = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  built = (await import(/* @vite-ignore */ pathToFileURL(join(outDir, file!)).href)) as Record<string, unknown>;
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('error names in a minified build', () => {
  it('exports every error class of the contract', () => {
    expect(errorClasses.sort()).toEqual([
      'BadQuery',
      'ConfigurationError',
      'DisabledCache',
      'DoesNotExist',
      'InvalidQuery',
      'LifterError',
      'MultipleObjectsReturned',
      'NotInCache',
      'StoreError',
      'UnsupportedQuery',
    ]);
  });

  it('the build did rename the classes (so the test below means something)', () => {
    const renamed = errorClasses.filter((name) => (built[name] as { name: string }).name !== name);
    expect(renamed.length).toBeGreaterThan(0);
  });

  it.each(errorClasses)('new %s("m").name is its class name, and it is a LifterError and an Error', (name) => {
    const ErrorClass = built[name] as new (message: string, path?: string) => Error;
    const error = new ErrorClass('m', 'query');
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(built.LifterError as typeof Error);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe(`${name}: m`);
  });

  it('a subclass written by a user keeps its own name', () => {
    const StoreError = built.StoreError as typeof source.StoreError;
    class RateLimited extends StoreError {}
    expect(new RateLimited('slow down').name).toBe('RateLimited');
  });
});
