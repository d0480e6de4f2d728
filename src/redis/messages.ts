// What the processes sharing a namespace tell each other on its pub/sub channel, so that no memory
// layer keeps a value that another process replaced or removed. Keys only, never values: a process
// that needs the new value reads it from Redis. One message per tick carries that tick's changes.

// Node's; declared here so that the library's types need no Node typings.
declare function setImmediate(callback: () => void): unknown;

/**
 * A change made by one process: `set` (a new value under `key`), `delete` (removed), `drop` (removed
 * by a write that stores nothing, which hooks must not refetch for), `invalidate` (every key under
 * `prefix`), `clear`.
 */
export type Change =
  | { readonly type: 'set' | 'delete' | 'drop'; readonly key: string }
  | { readonly type: 'invalidate'; readonly prefix: string }
  | { readonly type: 'clear' };

const CODES = { set: 's', delete: 'd', drop: 'x', invalidate: 'i', clear: 'c' } as const;
const TYPES: Record<string, Change['type']> = { s: 'set', d: 'delete', x: 'drop', i: 'invalidate', c: 'clear' };

/**
 * The changes of one tick, sent as one message once the tick's commands are: a burst of 500 writes
 * costs one `PUBLISH`, not 500. `send` publishes a message and resolves once Redis has answered.
 */
export class Outbox {
  readonly #origin: string;
  readonly #send: (message: string) => Promise<void>;
  #changes: string[][] = [];
  #sent: Promise<void> | undefined;

  constructor(origin: string, send: (message: string) => Promise<void>) {
    this.#origin = origin;
    this.#send = send;
  }

  /** Whether changes wait for their message. */
  get pending(): boolean {
    return this.#changes.length > 0;
  }

  /** Adds `change` to this tick's message; resolves once it is published (or its failure reported). */
  post(change: Change): Promise<void> {
    const scope = change.type === 'clear' ? [] : [change.type === 'invalidate' ? change.prefix : change.key];
    this.#changes.push([CODES[change.type], ...scope]);
    this.#sent ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send());
    return this.#sent;
  }

  /** Publishes the changes posted so far (the tick's end does it by itself). */
  send(): Promise<void> {
    const changes = this.#changes;
    this.#changes = [];
    this.#sent = undefined;
    if (changes.length === 0) return Promise.resolve();
    return this.#send(JSON.stringify({ o: this.#origin, c: changes }));
  }
}

/**
 * The changes a message tells of, unless it is this cache's own (`origin`): any client of the server
 * may publish on the channel, so messages are untrusted input, and what is not a change is left out.
 */
export function readMessage(data: unknown, origin: string): Change[] {
  let parsed: unknown;
  try {
    parsed = typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== 'object') return [];
  const { o, c } = parsed as { o?: unknown; c?: unknown };
  if (o === origin || !Array.isArray(c)) return [];
  return c.map(readChange).filter((change) => change !== undefined);
}

function readChange(item: unknown): Change | undefined {
  if (!Array.isArray(item) || typeof item[0] !== 'string' || !Object.hasOwn(TYPES, item[0])) return undefined;
  const type = TYPES[item[0]]!;
  const scope: unknown = item[1];
  if (type === 'clear') return { type };
  if (typeof scope !== 'string') return undefined;
  return type === 'invalidate' ? { type, prefix: scope } : { type, key: scope };
}
