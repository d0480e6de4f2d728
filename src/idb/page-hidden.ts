/**
 * Calls `callback` when the page is hidden (`visibilitychange`) or unloaded
 * (`pagehide`): after that a page may be discarded without running another
 * timer, so work put off to a timer must start there. Returns the function
 * that stops listening. Does nothing where there is no page (servers, workers).
 */
export function onPageHidden(callback: () => void): () => void {
  const page = typeof window !== 'undefined' && typeof window.addEventListener === 'function' ? window : undefined;
  const doc = typeof document !== 'undefined' && typeof document.addEventListener === 'function' ? document : undefined;
  const onVisibilityChange = () => {
    if (doc?.visibilityState === 'hidden') callback();
  };
  page?.addEventListener('pagehide', callback);
  doc?.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    page?.removeEventListener('pagehide', callback);
    doc?.removeEventListener('visibilitychange', onVisibilityChange);
  };
}

/** Whether the page is hidden now: its timers may be throttled to a second or more, or never run. */
export function isPageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}
