// Runs every ```ts example of README.md as a module and checks what it prints
// against its `// → …` comments, so the README cannot drift from the library.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workdir = join(root, 'test', '.readme');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Example {
  line: number;
  code: string;
}

function examples(): Example[] {
  const found: Example[] = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(readme); match; match = fence.exec(readme)) {
    found.push({ line: readme.slice(0, match.index).split('\n').length, code: match[1]! });
  }
  return found;
}

/** The `// → …` comments, in order: what each console.log of the example must print. */
function expectedOutput(code: string): string[] {
  return [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trim());
}

const print = (args: unknown[]) => args.map((a) => inspect(a, { breakLength: Number.POSITIVE_INFINITY, depth: 6 })).join(' ');

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('README examples', () => {
  const all = examples();
  it('has examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });
  it.each(all)('the example at README.md line $line runs and prints what its comments say', async ({ line, code }) => {
    mkdirSync(workdir, { recursive: true });
    const file = join(workdir, `example-${line}.ts`);
    const source = code
      .replaceAll("from 'react-lifter/core'", `from '${join(root, 'src/core/index.ts')}'`)
      .replaceAll("from 'react-lifter'", `from '${join(root, 'src/index.ts')}'`);
    writeFileSync(file, source);
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(print(args));
    });
    await import(/* @vite-ignore */ file);
    expect(printed).toEqual(expectedOutput(code));
  });
});
