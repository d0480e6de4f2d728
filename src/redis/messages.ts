// What the processes sharing a namespace tell each other on its pub/sub channel, so that no memory
// layer keeps a value that another process replaced or removed. Keys only, never values: a process
// that needs the new value reads it from Redis.

/**
 * A change made by one process: `set` (a new value under `key`), `delete` (removed), `drop` (removed
 * by a write that stores nothing, which hooks must not refetch for), `invalidate` (every key under
 * `prefix`), `clear`.
 */
export type ChangeMessage =
  | { readonly type: 'set' | 'delete' | 'drop'; readonly key: string }
  | { readonly type: 'invalidate'; readonly prefix: string }
  | { readonly type: 'clear' };

const CODES = { set: 's', delete: 'd', drop: 'x', invalidate: 'i', clear: 'c' } as const;
const TYPES: Record<string, ChangeMessage['type']> = { s: 'set', d: 'delete', x: 'drop', i: 'invalidate', c: 'clear' };

/** The message for `change`, from the cache `origin` (which ignores its own). */
export function writeMessage(origin: string, change: ChangeMessage): string {
  const scope = change.type === 'clear' ? {} : change.type === 'invalidate' ? { p: change.prefix } : { k: change.key };
  return JSON.stringify({ o: origin, t: CODES[change.type], ...scope });
}

/**
 * The change a message tells of, unless it is this cache's own (`origin`) or not a message at all:
 * any client of the server may publish on the channel, so messages are untrusted input.
 */
export function readMessage(data: unknown, origin: string): ChangeMessage | undefined {
  let parsed: unknown;
  try {
    parsed = typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { o, t, k, p } = parsed as { o?: unknown; t?: unknown; k?: unknown; p?: unknown };
  if (o === origin || typeof t !== 'string' || !Object.hasOwn(TYPES, t)) return undefined;
  const type = TYPES[t]!;
  if (type === 'clear') return { type };
  if (type === 'invalidate') return typeof p === 'string' ? { type, prefix: p } : undefined;
  return typeof k === 'string' ? { type, key: k } : undefined;
}
