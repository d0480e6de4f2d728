import { type Action, cacheKey, type Model, type Query, Store } from '../../src/core/index';

/** A store that is never asked for data: only its identifier matters, for keying. */
class NullStore extends Store {
  protected async execute(_model: Model<unknown>, _q: Query<unknown, unknown, Action>): Promise<unknown> {
    return null;
  }
}

/** The cache key of a query on `model`, through a store named `identifier`. */
export function keyer(identifier: string, model: Model<any>): (q: Query<any, any, any>) => string {
  const store = new NullStore({ identifier });
  return (q) => cacheKey(store, model, q);
}
