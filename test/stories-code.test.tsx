// @vitest-environment jsdom
// The code the Storybook shows beside each story (stories/code/*.tsx): each file is a complete app, and here it
// renders and goes through the states its `// → …` comments describe (see test/readme-page.ts), so that what a
// reader copies works as written. The README's first example is stories/code/first-example.tsx, word for word.
// Node has no IndexedDB and no server for `/api`: fake-indexeddb and the in-page API of the stories stand in.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup } from '@testing-library/react';
import type { FunctionComponent } from 'react';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../stories/demo/fake-api';
import { readmeExamples, removeExampleFolder, writeExample } from './readme-examples';
import { pageSteps, walkPage } from './readme-page';

const folder = join(import.meta.dirname, '..', 'stories', 'code');
const files = readdirSync(folder).filter((file) => file.endsWith('.tsx'));

beforeEach(() => {
  // The in-page API of the REST stories, behind the relative URLs the code uses (`baseUrl: '/api'`).
  const api = fakeApi({ latency: 20, failing: false });
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => api.fetch(new URL(input, 'http://localhost'), init));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
afterAll(() => removeExampleFolder('stories'));

describe('the code shown beside the stories', () => {
  it('has a file for each concept', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('stories/code/%s shows what its comments say', { timeout: 30_000 }, async (file) => {
    const code = readFileSync(join(folder, file), 'utf8');
    const steps = pageSteps(code);
    expect(steps.length).toBeGreaterThan(0);
    const module = writeExample({ line: 0, code }, 'tsx', 'stories', file.replace(/\.tsx$/, ''));
    const { App } = (await import(/* @vite-ignore */ module)) as { App: FunctionComponent };
    await walkPage(App, steps, 5000);
  });

  it('is, for the first example, the README’s first example', () => {
    const [first] = readmeExamples('tsx');
    expect(first?.code).toBe(readFileSync(join(folder, 'first-example.tsx'), 'utf8'));
  });
});
