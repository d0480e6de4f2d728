export type { RedisClient } from './commands';
export type { RedisFault } from './faults';
export type { RedisCacheOptions, RedisCacheSettings } from './options';
export { RedisCache } from './redis-cache';
