import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { renderErrorCodes, textsWithPlaceholders } from './error-codes';

// Messages about mistakes in the calling code are whole in development builds and a code with its values in
// production ones, where bundlers drop the texts. docs/errors.md lists every code with its whole message.

const docs = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
const entry = fileURLToPath(new URL('../../../src/core/index.ts', import.meta.url));
const outDirs: string[] = [];
afterAll(() => Promise.all(outDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The core bundled and minified as an app's bundler would for `mode`: its text, and the module itself. */
async function bundle(mode: 'production' | 'development') {
  const outDir = await mkdtemp(join(tmpdir(), `react-lifter-texts-${mode}-`));
  outDirs.push(outDir);
  await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    build: { outDir, emptyOutDir: true, minify: true, lib: { entry, formats: ['es'], fileName: 'core' } },
  });
  const [file] = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  const path = join(outDir, file!);
  const core = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as typeof import('../../../src/core');
  return { text: await readFile(path, 'utf8'), core };
}

/** What `fn` throws. */
function thrown(fn: () => unknown): Error & { path?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('it did not throw');
}

describe('the codes', () => {
  const codes = textsWithPlaceholders().map(({ code }) => code);
  it('are each used once across the catalogues', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(textsWithPlaceholders())('$code reads as a whole sentence, naming each of its values', ({ text, names }) => {
    expect(text).not.toMatch(/react-lifter error|undefined|\[object /);
    expect(text).toMatch(/[.)]$/);
    for (const name of names) expect(text).toContain(`‹${name}›`);
  });

  it('are all in docs/errors.md, as it would be written now (UPDATE_DOCS=1 writes it)', async () => {
    const expected = renderErrorCodes();
    if (process.env.UPDATE_DOCS) await writeFile(docs, expected);
    expect(await readFile(docs, 'utf8')).toBe(expected);
  });
});

describe('a production build', () => {
  const built = bundle('production');

  it('holds none of the texts', async () => {
    const { text } = await built;
    const fragments = textsWithPlaceholders().flatMap(({ text: whole }) =>
      whole.split(/‹[^›]*›/).filter((piece) => piece.length >= 24),
    );
    expect(fragments.length).toBeGreaterThan(50);
    expect(fragments.filter((fragment) => text.includes(fragment))).toEqual([]);
  });

  it('throws the same typed error, whose message has the code and the values', async () => {
    const { core } = await built;
    const User = core.defineModel({ app: 'app', name: 'user' });
    const error = thrown(() => core.query(User).orderBy('name' as never, 5 as never));
    expect(error).toBeInstanceOf(core.InvalidQuery);
    expect(error.name).toBe('InvalidQuery');
    expect(error.path).toBe('orderBy[1]');
    expect(error.message).toBe(
      'react-lifter error 101 (1, 5); the full message is in development builds and docs/errors.md.',
    );
    const setup = thrown(() => new core.MemoryStore({ identifier: 'a', data: {}, latency: -1 }));
    expect(setup).toBeInstanceOf(core.ConfigurationError);
    expect(setup.message).toMatch(/^react-lifter error 218 \(-1\);/);
  });

  it('shows objects and functions by their kind, and long strings cut', async () => {
    const { core } = await built;
    const User = core.defineModel({ app: 'app', name: 'user' });
    expect(thrown(() => core.query(User).filter(new Map() as never)).message).toMatch(
      /^react-lifter error 113 \(filter, an object\);/,
    );
    expect(thrown(() => core.defineModel({ app: 'a', name: 'b', primaryKey: (() => 1) as never })).message).toMatch(
      /^react-lifter error 203 \(a function\);/,
    );
    const long = `${'x'.repeat(200)}/`;
    expect(thrown(() => core.defineModel({ app: long, name: 'b' })).message).toContain(
      `(defineModel: "app", ${'x'.repeat(80)}…);`,
    );
  });

  it('keeps the whole text in a development build', async () => {
    const { core } = await bundle('development');
    const User = core.defineModel({ app: 'app', name: 'user' });
    expect(thrown(() => core.query(User).orderBy(5 as never)).message).toBe(
      'orderBy[0] must be a field name, "-" first for descending, got 5.',
    );
  });
});
