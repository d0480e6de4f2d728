import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { CacheProvider, MemoryCache } from '../../src/index';

// On a server (no window): one module-level cache given to every request's render is the classic leak.
describe('a cache shared by server renders', () => {
  it('is warned about once, in development, at its third render; a cache per request never is', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let request = 0; request < 5; request++) renderToString(<CacheProvider cache={new MemoryCache()} />);
    // A request rendered twice (a data pass, then the page) is fine.
    const perRequest = new MemoryCache();
    renderToString(<CacheProvider cache={perRequest} />);
    renderToString(<CacheProvider cache={perRequest} />);
    // A cache that says it serves every request on purpose (RedisCache does by default) is not warned about.
    const declared = new MemoryCache({ shared: true });
    for (let request = 0; request < 5; request++) renderToString(<CacheProvider cache={declared} />);
    expect(warn).not.toHaveBeenCalled();
    const shared = new MemoryCache();
    for (let request = 0; request < 5; request++) renderToString(<CacheProvider cache={shared} />);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/make one per request, e.g. <CacheProvider cache=\{new MemoryCache\(\)\}>/);
  });
});
