import type { RedisFault, RedisFaults } from './faults';

/**
 * What a `RedisCache` uses of a node-redis client (`createClient()` of the `redis` package, 5 or 6):
 * raw commands, its state, and a duplicate for the memory layer's subscription.
 */
export interface RedisClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: string[], options?: { timeout?: number; typeMapping?: object }): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  duplicate(): RedisClient;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  close(): Promise<unknown>;
  destroy(): void;
}

/**
 * After a command timed out, reads and writes are not sent for this long (they miss or are skipped at
 * once): under load, every request would otherwise wait `commandTimeout` on a Redis that is not
 * answering. The first one after it finds out whether Redis answers again. Removals are still tried.
 * (A lost connection needs no pause: the client says at once that it is not connected.)
 */
const PAUSE_AFTER_TIMEOUT_MS = 1000;

/**
 * Sends commands to Redis so that none hangs and none throws: each is answered within
 * `commandTimeout` milliseconds, or with its fallback (the fault reported). A client that is not
 * connected is not queued for: its commands are answered with their fallback at once, and so are
 * those under way when its connection fails (the client's 'error' event).
 */
export class Commands {
  readonly #client: RedisClient;
  readonly #timeout: number;
  readonly #faults: RedisFaults;
  /** The commands under way, each with how to give up on it. */
  readonly #inFlight = new Map<Promise<unknown>, (error: unknown) => void>();
  /** `performance.now()` before which reads and writes are not sent (see {@link PAUSE_AFTER_TIMEOUT_MS}). */
  #pausedUntil = 0;
  /** Whether the last command failed: its success reports the recovery. */
  #failing = false;
  /** Whether the client was ever seen connected. */
  #wasReady: boolean;
  #closed = false;

  constructor(client: RedisClient, timeout: number, faults: RedisFaults) {
    this.#client = client;
    this.#timeout = timeout;
    this.#faults = faults;
    this.#wasReady = client.isReady;
    // Also what keeps node-redis from throwing the error, for a client the cache made.
    client.on('error', this.#abandon);
  }

  /** Whether a command is under way. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves once every command under way has been answered or given up on. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight.keys()]);
  }

  /** Sends nothing more: every later command is answered with its fallback. */
  close(): void {
    this.#closed = true;
  }

  /** Stops listening to the client (once it is closed, or left to the app). */
  detach(): void {
    this.#client.off('error', this.#abandon);
  }

  /**
   * Redis's reply to `args`, or `fallback` when it is not connected, does not answer in time, or refuses.
   * An `urgent` command (a removal, a message to other processes) is sent even in the pause after a fault.
   */
  run<F>(args: string[], fallback: F, urgent = false): Promise<unknown> {
    if (this.#closed || (!urgent && performance.now() < this.#pausedUntil)) return Promise.resolve(fallback);
    if (!this.#client.isReady) {
      // Still connecting for the first time is no outage (the client's 'error' events tell of its failures).
      if (this.#wasReady) this.#fail('unavailable', new Error(`Redis is not connected, so ${args[0]} was not sent.`));
      return Promise.resolve(fallback);
    }
    this.#wasReady = true;
    let giveUp!: (error: unknown) => void;
    const answered = new Promise<unknown>((resolve) => {
      let done = false;
      const settle = (value: unknown) => {
        done = true;
        clearTimeout(timer);
        this.#inFlight.delete(answered);
        resolve(value);
      };
      giveUp = (error) => {
        if (done) return;
        settle(fallback);
        const fault = faultOf(error);
        // A command that waited for a connection that was lost meanwhile: the client knows it is not connected.
        this.#fail(fault === 'timeout' && !this.#client.isReady ? 'unavailable' : fault, error);
      };
      const timer = setTimeout(() => giveUp(new CommandTimeout(args[0]!, this.#timeout)), this.#timeout);
      (timer as { unref?: () => void }).unref?.();
      // typeMapping {}: replies as plain strings, whatever mapping the app gave its client.
      this.#client.sendCommand(args, { timeout: this.#timeout, typeMapping: {} }).then((reply) => {
        if (done) return;
        settle(reply);
        if (this.#failing) {
          this.#failing = false;
          this.#faults.recovered();
        }
      }, giveUp);
    });
    this.#inFlight.set(answered, giveUp);
    return answered;
  }

  /** The client failed (its connection, or a reply it could not read): the commands under way get no answer. */
  #abandon = (error: unknown): void => {
    const lost = new ConnectionFault(this.#client.isReady ? 'garbage' : 'unavailable', error);
    for (const giveUp of [...this.#inFlight.values()]) giveUp(lost);
    // Told even with nothing under way (the first connection of a client the cache made, say).
    this.#faults.report(lost.fault, error);
  };

  #fail(fault: RedisFault, error: unknown): void {
    // A refused command says nothing of the connection: other commands go on.
    if (fault !== 'command') this.#failing = true;
    // Removals that time out during the pause do not make it longer: its end is the next probe.
    const now = performance.now();
    if (fault === 'timeout' && now >= this.#pausedUntil) this.#pausedUntil = now + PAUSE_AFTER_TIMEOUT_MS;
    this.#faults.report(fault, error);
  }
}

/**
 * Closes `client`: gracefully (pending replies first) if that takes at most `ms` milliseconds, else
 * at once, as for a client that is not connected, whose pending replies may never come.
 */
export async function closeClient(client: RedisClient, ms: number): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) return client.destroy();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const closed = await Promise.race([
    client.close().then(
      () => true,
      () => false,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (!closed) client.destroy();
}

/** A command that got no answer within `commandTimeout`. */
class CommandTimeout extends Error {
  constructor(command: string, ms: number) {
    super(`Redis did not answer ${command} within ${ms} ms (commandTimeout).`);
    this.name = 'TimeoutError';
  }
}

/** What the commands under way get when the client fails: it lost its connection, or could not read a reply. */
class ConnectionFault extends Error {
  readonly fault: RedisFault;

  constructor(fault: RedisFault, cause: unknown) {
    super(`The Redis client failed (${String((cause as Error | null)?.message ?? cause)}).`, { cause });
    this.fault = fault;
  }
}

/** The kind of fault a failed command is: node-redis names its errors by class, not by `name`. */
function faultOf(error: unknown): RedisFault {
  if (error instanceof CommandTimeout) return 'timeout';
  if (error instanceof ConnectionFault) return error.fault;
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name === 'ErrorReply') return 'command';
    if (name === 'TimeoutError') return 'timeout';
  }
  return 'unavailable';
}
