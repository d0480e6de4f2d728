// The browser side: hydrates the server's HTML from the server's snapshot, so that the first render
// finds every result in memory (no request, no loading state, no mismatch). Later queries fetch as usual.
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { CacheProvider, type DehydratedState, HydrationBoundary, MemoryCache } from 'react-lifter';
import { App, apiStore, pageProps } from './app';

declare global {
  interface Window {
    /** The server's `dehydrate(cache)`, embedded in the page (absent from a page served with ?snapshot=0). */
    __LIFTER__?: DehydratedState;
  }
}

const store = apiStore('/api');
const cache = new MemoryCache({ defaultTimeout: 60 });
const props = pageProps(new URL(location.href));
const container = document.getElementById('root');
if (!props || !container) throw new Error('This page is not one of the example’s.');

const state = window.__LIFTER__;
if (state) {
  hydrateRoot(
    container,
    <StrictMode>
      <CacheProvider cache={cache}>
        <HydrationBoundary state={state}>
          <App store={store} props={props} />
        </HydrationBoundary>
      </CacheProvider>
    </StrictMode>,
  );
} else {
  // Without the snapshot, hydrating would meet loading states where the server sent data (a mismatch):
  // the page renders from scratch instead, and fetches everything again. Only for comparison.
  createRoot(container).render(
    <StrictMode>
      <CacheProvider cache={cache}>
        <App store={store} props={props} />
      </CacheProvider>
    </StrictMode>,
  );
}
