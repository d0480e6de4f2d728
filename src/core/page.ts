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

type PageListener = () => void;
const shown = new Set<PageListener>();
const online = new Set<PageListener>();
let listening = false;

/**
 * Calls `listener` when the user comes back to the page (`'shown'`: the window gets the focus, or
 * the tab becomes visible) or the browser is back online (`'online'`). One set of window
 * listeners serves every caller. Returns the function that stops listening; does nothing where
 * there is no page.
 */
export function onPageEvent(type: 'shown' | 'online', listener: PageListener): () => void {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => {};
  if (!listening) {
    listening = true;
    const tell = (listeners: Set<PageListener>) => () => {
      for (const fn of [...listeners]) fn();
    };
    const tellShown = tell(shown);
    window.addEventListener('focus', tellShown);
    window.addEventListener('online', tell(online));
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', () => {
        if (!isPageHidden()) tellShown();
      });
    }
  }
  const listeners = type === 'shown' ? shown : online;
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
