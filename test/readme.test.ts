// Runs every ```ts example of README.md and checks what it prints against its
// `// → …` comments, so the README cannot drift from the library.
// Node has no IndexedDB: fake-indexeddb stands in for it, so the persistence example runs here too.
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { expectations, needsRedis, print, readmeExamples, removeExamples, writeExample } from './readme-examples';

afterAll(removeExamples);

describe('README examples (ts)', () => {
  // Those that need a Redis server run in test/redis/readme.test.ts, which starts one.
  const all = readmeExamples('ts').filter((example) => !needsRedis(example));
  it('has examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });
  it.each(all)('the example at README.md line $line prints what its comments say', async (example) => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(print(args));
    });
    await import(/* @vite-ignore */ writeExample(example, 'ts'));
    expect(printed).toEqual(expectations(example.code));
  });
});
