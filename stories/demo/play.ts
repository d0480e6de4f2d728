/**
 * Every text the element shows from now on, one per DOM change, until `stop()`: what a play function cannot poll
 * for.
 */
export function recordTexts(element: HTMLElement): { texts: string[]; stop: () => void } {
  const texts: string[] = [];
  const observer = new MutationObserver(() => texts.push(element.textContent ?? ''));
  observer.observe(element, { childList: true, subtree: true, characterData: true });
  return { texts, stop: () => observer.disconnect() };
}

/** `read()` after every DOM change under the element from now on, until `stop()`: each state the page showed. */
export function recordStates<T>(element: HTMLElement, read: () => T): { states: T[]; stop: () => void } {
  const states: T[] = [];
  const observer = new MutationObserver(() => states.push(read()));
  observer.observe(element, { childList: true, subtree: true, characterData: true });
  return { states, stop: () => observer.disconnect() };
}
