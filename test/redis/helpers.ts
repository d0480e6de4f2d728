import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { type RedisServer, startRedisServer } from '../../scripts/redis-server.mjs';
import type { CacheEvent } from '../../src/core/index';
import { type RedisCacheOptions, RedisCache, type RedisFault } from '../../src/redis/index';

/** A connected node-redis client, as an app makes one. */
export type Client = Awaited<ReturnType<typeof connect>>;

/**
 * Starts a redis-server of this test file's own (so that a test may kill and restart it) before its
 * tests, and stops it after them. Every cache and client made through the returned helpers is closed
 * after each test.
 */
export function redisSuite() {
  let server: RedisServer | undefined;
  const opened: { close(): Promise<unknown> }[] = [];
  let namespaces = 0;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  beforeEach(() => {
    // Faults are expected here, and each test checks what onError was told.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(async () => {
    while (opened.length) await opened.pop()!.close();
    // A test that killed the server leaves a running one to the next.
    if (server && !server.running) await server.restart();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const the = {
    get server(): RedisServer {
      if (!server) throw new Error('redisSuite(): the server starts in beforeAll.');
      return server;
    },
    /** A connected client (one "process" of the fleet), closed after the test. */
    async client(): Promise<Client> {
      const client = await connect(the.server.url);
      // A client cut off from its server (killed by a test) would wait for replies that never come: destroyed.
      opened.push({ close: async () => (client.isReady ? client.close() : client.isOpen && client.destroy()) });
      return client;
    },
    /** A namespace no other test uses. */
    namespace(): string {
      return `test-${++namespaces}-${Math.random().toString(36).slice(2, 8)}`;
    },
    /**
     * A RedisCache on its own client (another process, for each call), in `namespace` (default: a fresh
     * one), ready; closed after the test. Its faults are recorded in `faults`.
     */
    async cache(options: Partial<RedisCacheOptions> = {}) {
      const faults: RedisFault[] = [];
      const client = options.url === undefined ? (options.client ?? (await the.client())) : undefined;
      const cache = new RedisCache({
        namespace: the.namespace(),
        onError: (_error, fault) => faults.push(fault),
        ...options,
        ...(client ? { client } : {}),
      } as RedisCacheOptions);
      opened.push(cache);
      await cache.ready();
      return Object.assign(cache, { faults });
    },
  };
  return the;
}

/** A client connected to `url`, with the 'error' listener node-redis requires (its errors are expected here). */
export async function connect(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: 20 } });
  client.on('error', () => {});
  return client.connect();
}

/** How many times the server ran `command` (lowercase, e.g. 'mget') since it started or `CONFIG RESETSTAT`. */
export async function callsOf(admin: Client, command: string): Promise<number> {
  const info = await admin.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

/**
 * The next event `cache` tells its subscribers that `matches`: e.g. the `delete` by which a process
 * with a memory layer hears that another one wrote a key.
 */
export function nextEvent(cache: RedisCache, matches: (event: CacheEvent) => boolean): Promise<CacheEvent> {
  return new Promise((resolve) => {
    const unsubscribe = cache.subscribe((event) => {
      if (!matches(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}
