// @vitest-environment jsdom
// Renders the `App` of every ```tsx example of README.md and checks that the page goes through the states its
// `// → …` and `// click … → …` comments describe, in order (see test/readme-page.ts).
import { cleanup } from '@testing-library/react';
import type { FunctionComponent } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readmeExamples, removeExamples, writeExample } from './readme-examples';
import { pageSteps, walkPage } from './readme-page';

afterEach(cleanup);
afterAll(removeExamples);

describe('README examples (tsx)', () => {
  const all = readmeExamples('tsx');
  it('has examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
  it.each(all)('the example at README.md line $line shows what its comments say', async (example) => {
    const { App } = (await import(/* @vite-ignore */ writeExample(example, 'tsx'))) as { App: FunctionComponent };
    const steps = pageSteps(example.code);
    expect(steps.length).toBeGreaterThan(0);
    await walkPage(App, steps);
  });
});
