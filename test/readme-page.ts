// Reads a rendered example the way a person reads it, and walks it through the steps its comments describe:
//   // → Loading…                            what the page shows (first, or next by itself)
//   // click Hide → [Show] | Ann, Bob         click the button (or the checkbox's label) "Hide", then this shows
//   // click Hide, Show → [Hide] | Ann, Bob   several clicks, one after the other
//   // type "ann" → ann | Ann, Anna           type "ann" into the page's text box (in place of what it held)
//   //   | Cleo                             a long state goes on over lines that start with `//   `
// Buttons read `[label]`, a ticked checkbox `☑` and an empty one `☐`, a text box its text, and ` | `
// separates blocks (paragraphs, list items, table rows).
import { act, fireEvent, render, waitFor } from '@testing-library/react';
import { createElement, type FunctionComponent } from 'react';
import { expect } from 'vitest';
import { joinContinuations } from './readme-examples';

/** One step of an example: what to do first (nothing for the first state, or a change that comes by itself). */
export interface PageStep {
  clicks: string[];
  /** Text to type into the page's text box, in place of what it holds. */
  typed?: string;
  text: string;
}

/** The steps that an example's `// [click …|type …] → …` comments describe, in order. */
export function pageSteps(code: string): PageStep[] {
  const comments = joinContinuations(code).matchAll(/^\s*\/\/ (?:(click|type) (.+?) )?→ (.*)$/gm);
  return [...comments].map(([, verb, what, text]) => ({
    clicks: verb === 'click' ? what!.split(', ') : [],
    ...(verb === 'type' ? { typed: what!.replace(/^"(.*)"$/, '$1') } : {}),
    text: text!.trim(),
  }));
}

const blocks = new Set(['p', 'div', 'li', 'tr', 'ul', 'ol', 'table', 'section', 'form', 'h1', 'h2', 'h3', 'h4', 'br']);

/** The page's text as a person reads it (see the top of this file). */
function pageText(root: Element): string {
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
    if (tag === 'input') {
      const input = element as HTMLInputElement;
      parts.push(input.type === 'checkbox' ? (input.checked ? ' ☑ ' : ' ☐ ') : ` ${input.value} `);
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

/** The button whose text is `label`, or the control of the label whose text is `label`. */
function clickable(page: Element, label: string): HTMLElement {
  const button = [...page.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === label);
  const control = [...page.querySelectorAll('label')].find(
    (candidate) => candidate.textContent?.trim() === label,
  )?.control;
  const found = button ?? control;
  if (!found) throw new Error(`No button or label "${label}" on the page: ${pageText(page)}`);
  return found;
}

/** Renders `App` and checks that the page goes through every step, in order. */
export async function walkPage(App: FunctionComponent, steps: PageStep[], timeout = 2000): Promise<void> {
  const { container } = render(createElement(App));
  for (const step of steps) {
    for (const label of step.clicks) {
      const target = await waitFor(() => clickable(container, label), { timeout });
      act(() => target.click());
    }
    if (step.typed !== undefined) {
      const box = container.querySelector<HTMLInputElement>(
        'input[type="search"], input[type="text"], input:not([type])',
      );
      if (!box) throw new Error(`No text box to type "${step.typed}" into: ${pageText(container)}`);
      fireEvent.change(box, { target: { value: step.typed } });
    }
    await waitFor(() => expect(pageText(container)).toBe(step.text), { timeout });
  }
}
