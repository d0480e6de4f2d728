// Reads a rendered example the way a person reads it, and walks it through the steps its comments describe:
//   // → Loading…                           what the page shows (first, or next by itself)
//   // click Hide → [Show] | Ann, Bob        click the button "Hide", then the page shows this
//   // click Hide, Show → [Hide] | Ann, Bob  several buttons, one after the other
//   //   | Cleo                            a long state goes on over lines that start with `//   `
// Buttons read `[label]`, a ticked checkbox `☑` and an empty one `☐`, and ` | ` separates blocks (paragraphs,
// list items, table rows).
import { act, render, waitFor } from '@testing-library/react';
import { createElement, type FunctionComponent } from 'react';
import { expect } from 'vitest';
import { joinContinuations } from './readme-examples';

/** One step of an example: the buttons to click (none for the first state, or a change that comes by itself). */
export interface PageStep {
  clicks: string[];
  text: string;
}

/** The steps that an example's `// [click …] → …` comments describe, in order. */
export function pageSteps(code: string): PageStep[] {
  return [...joinContinuations(code).matchAll(/^\s*\/\/ (?:click (.+?) )?→ (.*)$/gm)].map((m) => ({
    clicks: m[1] === undefined ? [] : m[1].split(', '),
    text: m[2]!.trim(),
  }));
}

const blocks = new Set(['p', 'div', 'li', 'tr', 'ul', 'ol', 'table', 'section', 'form', 'h1', 'h2', 'h3', 'h4', 'br']);

/** The page's text as a person reads it (see the top of this file). */
export function pageText(root: Element): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === node.TEXT_NODE) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== node.ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (tag === 'button') {
      parts.push(` [${(element.textContent ?? '').trim()}] `);
      return;
    }
    if (tag === 'input' && (element as HTMLInputElement).type === 'checkbox') {
      parts.push((element as HTMLInputElement).checked ? ' ☑ ' : ' ☐ ');
      return;
    }
    const separator = blocks.has(tag) ? '\n' : tag === 'td' || tag === 'th' ? ' ' : '';
    parts.push(separator);
    for (const child of element.childNodes) walk(child);
    parts.push(separator);
  };
  for (const child of root.childNodes) walk(child);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' | ');
}

function button(page: Element, label: string): HTMLButtonElement {
  const found = [...page.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === label);
  if (!found) throw new Error(`No button "${label}" on the page: ${pageText(page)}`);
  return found;
}

/** Renders `App` and checks that the page goes through every step, in order. */
export async function walkPage(App: FunctionComponent, steps: PageStep[], timeout = 2000): Promise<void> {
  const { container } = render(createElement(App));
  for (const step of steps) {
    for (const label of step.clicks) {
      const target = await waitFor(() => button(container, label), { timeout });
      act(() => target.click());
    }
    await waitFor(() => expect(pageText(container)).toBe(step.text), { timeout });
  }
}
