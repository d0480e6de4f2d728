import { describeValue } from '../errors';

/**
 * Messages about models, stores, caches, hooks and options set up wrongly, by code (see `message`). Each says what
 * was wrong, where, and how to fix it; the values are those the production message lists, in order.
 */
export const SETUP_TEXTS = {
  201: (what: string, got: unknown) =>
    `${what} must be a non-empty string of letters, digits, "_", "." or "-" (it becomes part of cache keys), ` +
    `got ${describeValue(got)}.`,
  202: (what: string, got: unknown) =>
    `${what} must be a model made by defineModel({ app: "my_app", name: "user" }), got ${describeValue(got)}.`,
  203: (got: unknown) =>
    'defineModel: "primaryKey" must be the name of the field that identifies a record, e.g. "id", ' +
    `got ${describeValue(got)}.`,
  204: (what: string, got: unknown) =>
    `${what} must be a store such as new MemoryStore({ identifier: "my_store", data }), got ${describeValue(got)}.`,
  205: () =>
    'This store has no identifier, so its results cannot be cached: give it one, e.g. ' +
    'new MemoryStore({ identifier: "my_store", ... }).',
  206: () => 'This store has no identifier, so it has no cache keys.',
  207: (name: string, nullMeans: string, got: unknown) =>
    `${name} must be a number of seconds (0 or more) or null for ${nullMeans}, got ${String(got)}.`,
  208: (got: unknown) => `maxEntries must be a whole number, 1 or more (or left out for no bound), got ${String(got)}.`,
  209: (got: unknown) =>
    `"refetchInterval" must be a number of seconds above 0, or false for none, got ${String(got)}.`,
  210: () => 'optimistic: cache.update(query, update) needs a function (current) => next as update.',
  211: (where: string, got: unknown) =>
    `${where}: "retry" must be false or a whole number of retries, 0 or more, got ${describeValue(got)}; ` +
    'e.g. { retry: 3 }.',
  212: (where: string, got: unknown) =>
    `${where}: "retryDelay" must be a function (attempt, error) => milliseconds, got ${describeValue(got)}.`,
  213: (store: string) =>
    `${store} was given a cache but no identifier; cache keys start with the store's identifier, so pass one, ` +
    'e.g. { identifier: "my_store", cache }.',
  214: (where: string, got: unknown) =>
    `${where} must be a store (e.g. new MemoryStore({ identifier, data }) or new RestStore({ identifier, ` +
    `baseUrl })), got ${describeValue(got)}.`,
  215: (where: string, got: unknown) =>
    `${where} must be a Cache (e.g. new MemoryCache()), or null for none; got ${describeValue(got)}.`,
  216: (store: string, identifier: string, write: string, model: string) =>
    `${store} "${identifier}" cannot write records, so the ${write} of a ${model} was not sent; use a store that ` +
    'can, or implement write(model, write, { signal }).',
  217: () => 'MemoryStore needs data: the rows of each model by app and name, e.g. { my_app: { user: [...] } }.',
  218: (got: unknown) =>
    'MemoryStore option "latency" must be a finite number of milliseconds, 0 or more, ' +
    `got ${typeof got === 'number' ? got : `${typeof got} ${JSON.stringify(got)}`}.`,
  219: (identifier: string, app: string, name: string) =>
    `MemoryStore "${identifier}" has no rows for ${app}.${name}; pass data: { ${app}: { ${name}: [...] } }.`,
  220: (got: unknown) =>
    'RestStore needs a baseUrl: the address of the API as a string, e.g. { baseUrl: "https://example.com/api" }; ' +
    `got ${JSON.stringify(got) ?? String(got)}.`,
  221: (name: string, type: string) => `RestStore option "${name}" must be a function, got ${type}.`,
  222: (reason: string) => `RestStore option "headers" is not valid HeadersInit: ${reason}.`,
  223: (what: string, name: string) =>
    `RestStore cannot put the model ${what} "${name}" in a URL path; give the model another ${what}.`,
  224: (id: string, what: string) =>
    `RestStore cannot put the id "${id}" in a URL path (it would name a directory), so ${what} was not sent.`,
  225: (what: string, field: string, got: unknown) =>
    `${what} must be a model made by defineModel({ app: "my_app", name: "user" }), got one whose "${field}" is ` +
    `${describeValue(got)}.`,
  226: () => '<HydrationBoundary> has no cache to hydrate: put it inside a <CacheProvider cache={new MemoryCache()}>.',
  227: () =>
    'useCacheDisabled() has no <CacheProvider> above it to disable; wrap the tree in <CacheProvider cache={...}>.',
  228: () => 'useMutation: the third argument must be a function (manager, variables) => Promise.',
  229: (got: string) =>
    'IndexedDBCache option "openTimeout" must be a number of milliseconds, 0 or more (Infinity to wait for the ' +
    `database forever), got ${got}; e.g. { openTimeout: 5000 }.`,
  230: (got: string) =>
    'IndexedDBCache option "pruneDelay" must be a number of milliseconds, 0 or more, or false never to prune on ' +
    `its own, got ${got}; e.g. { pruneDelay: 1000 }.`,
  231: (got: string) =>
    `IndexedDBCache option "onError" must be a function, (error, fault) => void, or left out, got ${got}; ` +
    'e.g. { onError: (error, fault) => report(error) }.',
  232: (name: string, got: string) => `IndexedDBCache option "${name}" must be a non-empty string, got ${got}.`,
  233: (got: string) => `preload: "limit" must be a number of entries (0 or more, Infinity for all), got ${got}.`,
} satisfies Record<number, (...values: never[]) => string>;
