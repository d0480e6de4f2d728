import { type CSSProperties, useEffect, useState, useSyncExternalStore } from 'react';
import { type Cache, CacheMonitor, type MonitoredEntry } from '../core/internal';
import { useCache } from './provider';

/** Props of {@link CacheInspector}. */
export interface CacheInspectorProps {
  /** The cache to show; defaults to the nearest `CacheProvider`'s. */
  cache?: Cache | null;
  /** Milliseconds between refreshes of the expiry countdowns. Default 1000. */
  tick?: number;
}

/**
 * A live table of a cache: keys, sizes, time left, and hits and misses per
 * key, with the cache's totals. A development aid, from its own entry point
 * (`react-lifter/inspector`) so that apps that do not render it never ship it.
 *
 * @example
 * <CacheProvider cache={cache}><App /><CacheInspector /></CacheProvider>
 */
export function CacheInspector({ cache: given, tick = 1000 }: CacheInspectorProps) {
  const provided = useCache();
  const cache = given === undefined ? provided : given;
  if (!cache) return <p role="status">No cache to inspect: pass one, or render the inspector under a CacheProvider.</p>;
  return <CacheTable cache={cache} tick={tick} />;
}

function CacheTable({ cache, tick }: { cache: Cache; tick: number }) {
  const [kept, setMonitor] = useState(() => new CacheMonitor(cache));
  let monitor = kept;
  if (kept.cache !== cache) {
    // Another cache: a new monitor, rather than one that mixes both caches' counts.
    monitor = new CacheMonitor(cache);
    setMonitor(monitor);
  }
  const snapshot = useSyncExternalStore(monitor.subscribe, monitor.getSnapshot, monitor.getSnapshot);
  // The clock ticks while something can expire; a newer snapshot is newer still.
  const now = Math.max(snapshot.at, useNow(snapshot.entries.some((entry) => entry.expiresAt !== null) ? tick : null));
  const { hits, misses, writes } = snapshot.stats;
  return (
    <section aria-label="Cache inspector" style={styles.section}>
      <p style={styles.summary}>
        {snapshot.loading ? 'reading the cache…' : counted(snapshot.entries.length, 'entry', 'entries')}
        {` · ${counted(hits, 'hit', 'hits')} · ${counted(misses, 'miss', 'misses')}`}
        {` · ${counted(writes, 'write', 'writes')}`}
        {snapshot.enabled ? '' : ' · disabled'}
      </p>
      <table style={styles.table}>
        <thead>
          <tr>
            <th style={styles.cell}>key</th>
            <th style={styles.number}>size</th>
            <th style={styles.number}>expires</th>
            <th style={styles.number}>hits</th>
            <th style={styles.number}>misses</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.entries.map((entry) => (
            <tr key={entry.key}>
              <td style={styles.cell}>{entry.key}</td>
              <td style={styles.number}>{formatSize(entry.size)}</td>
              <td style={styles.number}>{formatExpiry(entry, now)}</td>
              <td style={styles.number}>{entry.hits}</td>
              <td style={styles.number}>{entry.misses}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The current time, refreshed every `interval` milliseconds (or never, with `null`). */
function useNow(interval: number | null): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (interval === null) return;
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return now;
}

function formatSize(size: number | undefined): string {
  if (size === undefined) return '?';
  return size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} kB`;
}

function formatExpiry(entry: MonitoredEntry, now: number): string {
  if (entry.expiresAt === null) return 'never';
  const left = Math.ceil((entry.expiresAt - now) / 1000);
  // Expiry is checked on read: a dead entry stays until the next read of its key removes it.
  return left > 0 ? `in ${left} s` : 'expired';
}

const styles = {
  section: { fontFamily: 'ui-monospace, monospace', fontSize: 12 },
  summary: { margin: '0 0 4px' },
  table: { borderCollapse: 'collapse' },
  cell: { textAlign: 'left', padding: '2px 8px 2px 0' },
  number: { textAlign: 'right', padding: '2px 8px' },
} satisfies Record<string, CSSProperties>;

/** `1 hit`, `2 hits`. */
function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
