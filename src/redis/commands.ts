import type { FaultReporter, RedisFault } from './faults';

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
  once(event: string, listener: (...args: any[]) => void): unknown;
  close(): Promise<unknown>;
  destroy(): void;
}

/**
 * After a timeout or a lost connection, reads and writes are not sent for this long (they miss or are
 * skipped at once): under load, every request would otherwise wait `commandTimeout` on a Redis that
 * is not answering. The first one after it finds out whether Redis is back. Removals are still tried.
 */
const PAUSE_AFTER_FAULT_MS = 1000;

/**
 * Sends commands to Redis so that none hangs and none throws: each is answered within
 * `commandTimeout` milliseconds, or with its fallback (the fault reported). A client that is not
 * connected is not queued for: its commands are answered with their fallback at once.
 */
export class Commands {
  readonly #client: RedisClient;
  readonly #timeout: number;
  readonly #faults: FaultReporter;
  readonly #inFlight = new Set<Promise<unknown>>();
  /** `performance.now()` before which nothing is sent, after a fault (see {@link PAUSE_AFTER_FAULT_MS}). */
  #pausedUntil = 0;
  /** Whether the last command failed: its success reports the recovery. */
  #failing = false;
  /** Whether the client was ever seen connected. */
  #wasReady: boolean;
  #closed = false;

  constructor(client: RedisClient, timeout: number, faults: FaultReporter) {
    this.#client = client;
    this.#timeout = timeout;
    this.#faults = faults;
    this.#wasReady = client.isReady;
  }

  /** Whether a command is under way. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves once every command under way has been answered or given up on. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Sends nothing more: every later command is answered with its fallback. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Redis's reply to `args`, or `fallback` when it is not connected, does not answer in time, or refuses.
   * An `urgent` command (a removal, a message to other processes) is sent even in the pause after a fault.
   */
  run<F>(args: string[], fallback: F, urgent = false): Promise<unknown> {
    if (this.#closed || (!urgent && performance.now() < this.#pausedUntil)) return Promise.resolve(fallback);
    if (!this.#client.isReady) {
      // Still connecting for the first time is no outage (a client's own connection errors are its 'error' events).
      if (this.#wasReady) this.#fail('unavailable', new Error(`Redis is not connected, so ${args[0]} was not sent.`));
      return Promise.resolve(fallback);
    }
    this.#wasReady = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CommandTimeout(args[0]!, this.#timeout)), this.#timeout);
      (timer as { unref?: () => void }).unref?.();
    });
    // typeMapping {}: replies as plain strings, whatever mapping the app gave its client.
    const sent = this.#client.sendCommand(args, { timeout: this.#timeout, typeMapping: {} });
    const answered = Promise.race([sent, timedOut]).then(
      (reply) => {
        clearTimeout(timer);
        if (this.#failing) {
          this.#failing = false;
          this.#faults.recovered();
        }
        return reply;
      },
      (error: unknown) => {
        clearTimeout(timer);
        this.#fail(faultOf(error), error);
        return fallback;
      },
    );
    this.#inFlight.add(answered);
    void answered.finally(() => this.#inFlight.delete(answered));
    return answered;
  }

  #fail(fault: RedisFault, error: unknown): void {
    // A refused command says nothing of the connection: other commands go on.
    if (fault !== 'command') {
      this.#failing = true;
      this.#pausedUntil = performance.now() + PAUSE_AFTER_FAULT_MS;
    }
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

/** The kind of fault a failed command is: node-redis names its errors by class, not by `name`. */
function faultOf(error: unknown): RedisFault {
  if (error instanceof CommandTimeout) return 'timeout';
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name === 'ErrorReply') return 'command';
    if (name === 'TimeoutError') return 'timeout';
  }
  return 'unavailable';
}
