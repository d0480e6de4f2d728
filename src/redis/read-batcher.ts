import type { Commands } from './commands';

// Node's; declared here so that the library's types need no Node typings.
declare function setImmediate(callback: () => void): unknown;

/** Keys per `MGET`: a larger batch is split into several, sent together. */
const KEYS_PER_MGET = 1000;

/**
 * The reads of a `RedisCache`, batched: every key asked for in the same tick (before the event loop
 * moves on) goes out in one `MGET`, so 500 components mounting at once cost one round trip, not 500.
 * Writes are sent at once, so a read asked for after a write in the same tick finds it.
 */
export class ReadBatcher {
  readonly #commands: Commands;
  /** Called when Redis answers an `MGET` with something else than one value per key. */
  readonly #garbage: (reply: unknown) => void;
  #waiting = new Map<string, ((raw: unknown) => void)[]>();
  #scheduled = false;

  constructor(commands: Commands, garbage: (reply: unknown) => void) {
    this.#commands = commands;
    this.#garbage = garbage;
  }

  /** Whether reads wait for their batch. */
  get pending(): boolean {
    return this.#waiting.size > 0;
  }

  /** The raw string under `key`, or `null`/`undefined` when there is none or Redis did not answer. */
  read(key: string): Promise<unknown> {
    return new Promise((resolve) => {
      const waiters = this.#waiting.get(key);
      if (waiters) waiters.push(resolve);
      else this.#waiting.set(key, [resolve]);
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => this.send());
    });
  }

  /** Sends the reads asked for so far (the batch timer does it by itself). */
  send(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    if (waiting.size === 0) return;
    this.#waiting = new Map();
    const keys = [...waiting.keys()];
    for (let start = 0; start < keys.length; start += KEYS_PER_MGET) {
      const batch = keys.slice(start, start + KEYS_PER_MGET);
      void this.#commands.run(['MGET', ...batch], undefined).then((reply) => {
        const values = Array.isArray(reply) && reply.length === batch.length ? reply : undefined;
        if (reply !== undefined && !values) this.#garbage(reply);
        batch.forEach((key, i) => {
          for (const resolve of waiting.get(key)!) resolve(values?.[i]);
        });
      });
    }
  }
}
