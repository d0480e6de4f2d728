// Extracts the README's code examples and writes them as modules importing the
// library's sources, so tests can run exactly what the README shows.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where examples are written; each test file may ask for a folder of its own inside it. */
const workdir = join(root, 'test', '.readme');

export interface Example {
  /** Line of the opening fence in README.md. */
  line: number;
  code: string;
}

/** The README's fenced examples in one language (`ts` or `tsx`). */
export function readmeExamples(language: 'ts' | 'tsx'): Example[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  const found: Example[] = [];
  for (let match = fence.exec(readme); match; match = fence.exec(readme)) {
    found.push({ line: readme.slice(0, match.index).split('\n').length, code: match[1]! });
  }
  return found;
}

/** What the example's `// → …` comments say, in order. */
export function expectations(code: string): string[] {
  return [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trim());
}

/** Whether the example needs a Redis server (it imports `react-lifter/redis`): test/redis runs those. */
export function needsRedis({ code }: Example): boolean {
  return code.includes("from 'react-lifter/redis'");
}

/** Writes the example as a module whose package imports point at the sources; returns its path. */
export function writeExample({ line, code }: Example, extension: 'ts' | 'tsx', folder = ''): string {
  mkdirSync(join(workdir, folder), { recursive: true });
  const file = join(workdir, folder, `example-${line}.${extension}`);
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
