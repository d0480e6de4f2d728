import type { CacheEvent } from '../core/internal';
import { entryFrom } from './record';

/** What tabs tell each other: the cache's own events, less enable/disable and reads (which are per tab). */
export type TabMessage = Exclude<CacheEvent, { type: 'enabled' | 'read' }>;

/**
 * The change another tab's message tells of, or `undefined` for anything else:
 * any page of the origin can post on the channel, so its messages are untrusted
 * input. A `set` must carry a whole entry (checked as a record is), a `delete`
 * a string key, an `invalidate` a string prefix.
 */
export function readTabMessage(data: unknown): TabMessage | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { type, key, prefix, entry } = data as { type?: unknown; key?: unknown; prefix?: unknown; entry?: unknown };
  if (type === 'clear') return { type };
  if (type === 'invalidate') return typeof prefix === 'string' ? { type, prefix } : undefined;
  if (typeof key !== 'string') return undefined;
  if (type === 'delete') return { type, key };
  if (type !== 'set') return undefined;
  const checked = entryFrom(entry);
  return checked && { type, key, entry: checked };
}
