// Extracts the README's code examples and writes them as modules importing the
// library's sources, so tests can run exactly what the README shows.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWithOptions } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where examples are written; each test file may ask for a folder of its own inside it. */
const workdir = join(root, 'test', '.readme');

export interface Example {
  /** Line of the opening fence in the file it comes from. */
  line: number;
  code: string;
}

/** A fenced code block of a Markdown file, and why it is not run if an HTML comment before it says so. */
export interface Block extends Example {
  /** What follows the opening fence: `ts`, `tsx`, `sh`… (empty for a bare fence). */
  language: string;
  /** The reason of a `<!-- not run: … -->` comment right before the fence, if there is one. */
  notRun: string | undefined;
}

/** Every fenced block of a Markdown file (README.md by default). */
export function markdownBlocks(file = 'README.md'): Block[] {
  const text = readFileSync(join(root, file), 'utf8');
  const fence = /^```([\w-]*)\n([\s\S]*?)^```$/gm;
  const found: Block[] = [];
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const before = text.slice(0, match.index);
    const marker = /<!-- not run: (.*?) -->\n\n?$/.exec(before);
    found.push({
      line: before.split('\n').length,
      language: match[1]!,
      code: match[2]!,
      notRun: marker?.[1]?.trim(),
    });
  }
  return found;
}

/** The README's examples in one language (`ts` or `tsx`) that the tests run: all but those marked not run. */
export function readmeExamples(language: 'ts' | 'tsx'): Example[] {
  return markdownBlocks()
    .filter((block) => block.language === language && block.notRun === undefined)
    .map(({ line, code }) => ({ line, code }));
}

/**
 * What the example's `// → …` comments say it prints, in order. A long one goes on over the comment lines
 * right after it that start with `//   ` (three spaces), joined with a space.
 */
export function expectations(code: string): string[] {
  return [...joinContinuations(code).matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trim());
}

/** The code with each `//   …` continuation line joined to the comment before it. */
export function joinContinuations(code: string): string {
  return code.replace(/\n[ \t]*\/\/ {3}/g, ' ');
}

/** What `console.log(...args)` prints, on one line. */
export function print(args: unknown[]): string {
  return formatWithOptions({ breakLength: Number.POSITIVE_INFINITY, depth: 6 }, ...args);
}

/** Whether the example needs a Redis server (it imports `react-lifter/redis`): test/redis runs those. */
export function needsRedis({ code }: Example): boolean {
  return code.includes("from 'react-lifter/redis'");
}

/** Writes the example as a module whose package imports point at the sources; returns its path. */
export function writeExample(
  { line, code }: Example,
  extension: 'ts' | 'tsx',
  folder = '',
  name = `example-${line}`,
): string {
  mkdirSync(join(workdir, folder), { recursive: true });
  const file = join(workdir, folder, `${name}.${extension}`);
  writeFileSync(
    file,
    code
      .replaceAll("from 'react-lifter/core'", `from '${join(root, 'src/core/index.ts')}'`)
      .replaceAll("from 'react-lifter/idb'", `from '${join(root, 'src/idb/index.ts')}'`)
      .replaceAll("from 'react-lifter/inspector'", `from '${join(root, 'src/react/inspector.tsx')}'`)
      .replaceAll("from 'react-lifter/redis'", `from '${join(root, 'src/redis/index.ts')}'`)
      .replaceAll("from 'react-lifter'", `from '${join(root, 'src/index.ts')}'`),
  );
  return file;
}

/** Removes the examples written (no parameter: `afterAll` takes it as it is, and reads parameters as fixtures). */
export function removeExamples(): void {
  rmSync(workdir, { recursive: true, force: true });
}

/** Removes the examples written in `folder` (see {@link writeExample}). */
export function removeExampleFolder(folder: string): void {
  rmSync(join(workdir, folder), { recursive: true, force: true });
}
