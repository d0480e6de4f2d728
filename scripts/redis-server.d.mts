// The types of redis-server.mjs, for the tests that start their own Redis (test/redis).

/** A redis-server this process started, on its own port. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Whether the server process is up (false after `kill` or `stop`, until `restart`). */
  readonly running: boolean;
  /** Kills the server (SIGKILL by default: a crash, nothing saved) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills it if it runs, then starts an empty one on the same port. */
  restart(): Promise<void>;
  /** Stops it (SIGTERM). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;

/** Starts an empty redis-server on `port` (default: a free one), persistence off; resolves once it answers PING. */
export function startRedisServer(options?: { port?: number }): Promise<RedisServer>;
