// @vitest-environment jsdom
// Renders the `App` of every ```tsx example of README.md and checks that the
// page shows what its `// → …` comments say, in order.
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { createElement, type FunctionComponent } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { expectations, readmeExamples, removeExamples, writeExample } from './readme-examples';

afterEach(cleanup);
afterAll(removeExamples);

describe('README examples (tsx)', () => {
  const all = readmeExamples('tsx');
  it('has examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
  it.each(all)('the example at README.md line $line shows what its comments say', async (example) => {
    const { App, steps = [] } = (await import(/* @vite-ignore */ writeExample(example, 'tsx'))) as {
      App: FunctionComponent;
      steps?: ((page: HTMLElement) => void)[];
    };
    const { container } = render(createElement(App));
    const [first, ...rest] = expectations(example.code);
    expect(rest).toHaveLength(steps.length);
    await waitFor(() => expect(container.textContent).toBe(first));
    // Each later expectation is what the page shows after the example's next step.
    for (const [i, next] of rest.entries()) {
      act(() => steps[i]!(container));
      await waitFor(() => expect(container.textContent).toBe(next));
    }
  });
});
