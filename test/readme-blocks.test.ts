// Every fenced block of README.md is either run by the tests (```ts by test/readme.test.ts, or by
// test/redis/readme.test.ts when it uses Redis; ```tsx by test/readme-react.test.tsx), and then checks what it
// prints or shows, or says why it is not run in a comment right before it: <!-- not run: a shell command -->.
import { describe, expect, it } from 'vitest';
import { expectations, markdownBlocks } from './readme-examples';
import { pageSteps } from './readme-page';

const blocks = markdownBlocks();
const run = new Set(['ts', 'tsx']);

describe('README code blocks', () => {
  it('finds the blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it('runs every block, or says why not', () => {
    const unaccounted = blocks
      .filter((block) => !run.has(block.language) && !block.notRun)
      .map((block) => `line ${block.line} (\`\`\`${block.language})`);
    expect(unaccounted, 'blocks that no test runs: mark them <!-- not run: why -->').toEqual([]);
  });

  it('gives a reason for each block it does not run', () => {
    expect(blocks.filter((block) => block.notRun !== undefined && block.notRun.length < 10)).toEqual([]);
  });

  it('reads every arrow in a comment of a block it runs as an expectation', () => {
    // `// peek() → undefined` would be skipped silently: an expectation starts its comment with `→` (or a step).
    const misplaced = blocks
      .filter((block) => run.has(block.language) && block.notRun === undefined)
      .flatMap((block) =>
        block.code
          .split('\n')
          .filter((line) => /\/\/.*→/.test(line) && !/\/\/ (?:(?:click|type) .+? )?→ /.test(line))
          .map((line) => `line ${block.line}: ${line.trim()}`),
      );
    expect(misplaced).toEqual([]);
  });

  it('checks the output of every block it runs', () => {
    const unchecked = blocks
      .filter((block) => run.has(block.language) && block.notRun === undefined)
      .filter((block) =>
        block.language === 'ts' ? expectations(block.code).length === 0 : pageSteps(block.code).length === 0,
      )
      .map((block) => block.line);
    expect(unchecked, 'run blocks without a `// → …` comment').toEqual([]);
  });
});
