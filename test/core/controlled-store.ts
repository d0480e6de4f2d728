import {
  type Action,
  type ExecuteOptions,
  MemoryCache,
  type Model,
  type Query,
  query,
  Store,
} from '../../src/core/index';
import { User } from './fixtures';

/** A backend call that answers only when the test says so. */
export interface PendingCall {
  readonly query: Query<unknown, unknown, Action>;
  readonly signal: AbortSignal;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A store whose backend answers only when the test says so (no React involved). */
export class ControlledStore extends Store {
  pending: PendingCall[] = [];
  protected execute(_model: Model<unknown>, query: Query<unknown, unknown, Action>, { signal }: ExecuteOptions) {
    return new Promise((resolve, reject) => {
      this.pending.push({ query, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  }
}

/** Lets pending promise callbacks run (a macrotask later). */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A promise and its settle functions. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const count = query(User).count();

/** A controlled store on a memory cache, and the key of {@link count} there. */
export function setup() {
  const cache = new MemoryCache();
  const store = new ControlledStore({ identifier: 's', cache });
  return { cache, store, key: store.key(User, count) };
}
