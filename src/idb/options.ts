import { ConfigurationError, message } from '../core/internal';

/** The longest delay `setTimeout` keeps (2^31 − 1 ms, about 24.8 days); a longer one fires at once. */
const LONGEST_TIMER = 2 ** 31 - 1;

/**
 * `openTimeout` checked: milliseconds, 0 or more; `Infinity` (or anything a
 * timer cannot hold) waits forever, and is returned as `Infinity`.
 */
export function checkOpenTimeout(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new ConfigurationError(message(229, shown(value)));
  }
  return value > LONGEST_TIMER ? Number.POSITIVE_INFINITY : value;
}

/**
 * `pruneDelay` checked: milliseconds, 0 or more, or `false`; `Infinity` (or
 * anything a timer cannot hold) never prunes, and is returned as `false`.
 */
export function checkPruneDelay(value: unknown): number | false {
  if (value === false) return false;
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new ConfigurationError(message(230, shown(value)));
  }
  return value > LONGEST_TIMER ? false : value;
}

/** `onError` checked: a function, or left out. */
export function checkOnError(value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new ConfigurationError(message(231, shown(value)));
  }
}

/** A database or object store name checked: a non-empty string. */
export function checkName(name: 'dbName' | 'storeName', value: unknown): void {
  if (typeof value !== 'string' || value === '') throw new ConfigurationError(message(232, name, shown(value)));
}

/** `preload`'s `limit` checked: a number of entries, 0 or more (`Infinity` for all). */
export function checkPreloadLimit(value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new ConfigurationError(message(233, shown(value)));
  }
}

/** `value` as an error message shows it (an object by its kind: it may not convert to a string). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
