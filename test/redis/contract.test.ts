import { describeCacheContract } from '../core/cache/cache-contract';
import type { RedisCache } from '../../src/redis/index';
import { redisSuite } from './helpers';

const redis = redisSuite();
const flush = (cache: unknown) => (cache as RedisCache).flush();

// Without a memory layer every read goes to Redis, and peek finds nothing.
describeCacheContract('RedisCache', (options) => redis.cache(options), { flush, peeks: false });
describeCacheContract('RedisCache with a memory layer', (options) => redis.cache({ ...options, memory: {} }), {
  flush,
});
