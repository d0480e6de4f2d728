import { type CacheOptions, ConfigurationError } from '../core/internal';
import type { RedisClient } from './commands';
import type { RedisFault } from './faults';

/** Options of a `RedisCache` besides where Redis is (`client` or `url`). */
export interface RedisCacheSettings extends CacheOptions {
  /**
   * Prefix of every Redis key of this cache (`namespace:store:app:model:hash`) and name of its pub/sub
   * channel: caches on one server share entries only within a namespace. `[A-Za-z0-9_.-]`; default
   * `'react-lifter'`.
   */
  namespace?: string;
  /** Told once per kind of fault (again after Redis has been answering); the cache keeps answering. */
  onError?: (error: unknown, fault: RedisFault) => void;
  /** Milliseconds a command may take before its read misses or its write is skipped. Default 200. */
  commandTimeout?: number;
  /**
   * An in-process memory layer in front of Redis, serving `peek` (a hit in a component's first render)
   * and repeat reads without a round trip, kept true by pub/sub; `maxEntries` (default 1000) bounds it,
   * least recently used evicted first. Default: none.
   */
  memory?: { maxEntries?: number };
  /** Values whose record is over this many bytes (UTF-8 JSON) are not stored in Redis. Default 1 MiB. */
  maxValueBytes?: number;
}

/** Options of a `RedisCache`: a connected node-redis `client`, or a `url` for a client the cache owns. */
export type RedisCacheOptions = RedisCacheSettings &
  (
    | {
        /** A connected client of the `redis` package (`await createClient({ url }).connect()`), left open. */
        client: RedisClient;
        url?: undefined;
      }
    | {
        /** `redis://host:port`: the cache creates its own client, connects it, and closes it in `close()`. */
        url: string;
        client?: undefined;
      }
  );

const NAMESPACE = /^[A-Za-z0-9_.-]+$/;

/** The options checked, with their defaults: a `ConfigurationError` naming what is wrong and how to fix it. */
export function checkOptions(options: RedisCacheOptions) {
  const given = (options ?? {}) as Partial<Record<keyof RedisCacheOptions, unknown>>;
  const { client, url, namespace = 'react-lifter', onError, commandTimeout = 200, memory } = given;
  const { maxValueBytes = 1024 * 1024 } = given;
  if ((client === undefined) === (url === undefined)) {
    throw bad(
      'client" or "url',
      `${client === undefined ? 'neither' : 'both'} given`,
      '{ url: "redis://localhost:6379" }',
    );
  }
  if (client !== undefined && !isClient(client)) {
    throw bad('client', 'not a node-redis client', '{ client: await createClient({ url }).connect() }');
  }
  if (client !== undefined && !(client as RedisClient).isOpen) {
    throw bad('client', 'a client that is not connected', '{ client: await createClient({ url }).connect() }');
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    throw bad('url', shown(url), '{ url: "redis://localhost:6379" }');
  }
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
    throw bad('namespace', `${shown(namespace)}, which is not made of [A-Za-z0-9_.-]`, '{ namespace: "my-app" }');
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw bad('onError', shown(onError), '{ onError: (error, fault) => report(error) }');
  }
  if (typeof commandTimeout !== 'number' || !(commandTimeout > 0) || commandTimeout > 2 ** 31 - 1) {
    throw bad('commandTimeout', shown(commandTimeout), '{ commandTimeout: 200 } (milliseconds, more than 0)');
  }
  if (memory !== undefined && (memory === null || typeof memory !== 'object')) {
    throw bad('memory', shown(memory), '{ memory: { maxEntries: 1000 } }');
  }
  if (typeof maxValueBytes !== 'number' || !(maxValueBytes >= 1)) {
    throw bad('maxValueBytes', shown(maxValueBytes), '{ maxValueBytes: 1048576 } (bytes)');
  }
  return {
    client: client as RedisClient | undefined,
    url: url as string | undefined,
    namespace,
    onError: onError as RedisCacheSettings['onError'],
    commandTimeout,
    memory: memory as RedisCacheSettings['memory'],
    maxValueBytes,
  };
}

function isClient(value: unknown): boolean {
  const client = value as Partial<Record<keyof RedisClient, unknown>> | null;
  return typeof client === 'object' && client !== null && typeof client.sendCommand === 'function';
}

function bad(name: string, got: string, example: string): ConfigurationError {
  return new ConfigurationError(`RedisCache option "${name}": got ${got}; e.g. new RedisCache(${example}).`);
}

/** `value` as an error message shows it (an object by its kind: it may not convert to a string). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
