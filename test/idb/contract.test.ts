import 'fake-indexeddb/auto';
import { describeCacheContract } from '../core/cache/cache-contract';
import { freshCache } from './helpers';

describeCacheContract('IndexedDBCache', (options) => freshCache(options), {
  flush: (cache) => (cache as ReturnType<typeof freshCache>).flush(),
});
