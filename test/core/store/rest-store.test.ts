import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BadQuery,
  ConfigurationError,
  DoesNotExist,
  defineModel,
  djangoQueryString,
  LifterError,
  MemoryCache,
  type Model,
  MultipleObjectsReturned,
  not,
  or,
  type Query,
  query,
  RestStore,
  StoreError,
  UnsupportedQuery,
} from '../../../src/core/index';
import { startServer } from './local-server';

interface User {
  id: number;
  firstName: string;
  age: number | null;
  active: boolean;
  company: { name: string; country: string } | null;
}

const User = defineModel<User>({ app: 'my_app', name: 'user' });
const Person = defineModel<User>({ app: 'my_app', name: 'person', plural: 'people' });
const Ghost = defineModel<User>({ app: 'my_app', name: 'ghost' });

// Lower- and upper-case first names: the server's case-insensitive ordering differs from a code-unit sort.
const users: User[] = [
  { id: 1, firstName: 'ann', age: 31, active: true, company: { name: 'Acme', country: 'FR' } },
  { id: 2, firstName: 'Bob', age: 17, active: false, company: { name: 'Globex', country: 'US' } },
  { id: 3, firstName: 'cleo', age: null, active: true, company: null },
  { id: 4, firstName: 'Dan', age: 31, active: true, company: { name: 'Globex', country: 'FR' } },
  { id: 5, firstName: 'Eve', age: 45, active: false, company: { name: 'Acme', country: 'US' } },
];

// ---------------------------------------------------------------------------
// A real HTTP server: lifter's convention under /api, Django REST framework's under /drf.

interface Seen {
  path: string;
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Resolves when the response closes: true if the connection closed before the response was sent. */
  closed: Promise<boolean>;
}
type Behaviour = { status: number; body: string } | 'hang' | 'hang up' | 'slow';

const requests: Seen[] = [];
const next: Behaviour[] = [];
let origin: string;
let stopServer: () => Promise<void>;

/** The server answers the next request this way instead of serving rows. */
const respondNext = (behaviour: Behaviour) => next.push(behaviour);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Fields by the name each convention filters on: `companyName` (lifter), `company__name` (Django). */
function fields(user: User, join: (a: string, b: string) => string): Record<string, unknown> {
  const { company, ...top } = user;
  return {
    ...top,
    [join('company', 'name')]: company?.name ?? null,
    [join('company', 'country')]: company?.country ?? null,
  };
}

function lifterApi(params: URLSearchParams, res: ServerResponse): void {
  let rows = users;
  for (const [key, value] of params) {
    if (!(key in fields(users[0]!, (a, b) => a + b[0]!.toUpperCase() + b.slice(1))))
      return send(res, 400, { detail: `Unknown filter "${key}".` });
    rows = rows.filter((user) => String(fields(user, (a, b) => a + b[0]!.toUpperCase() + b.slice(1))[key]) === value);
  }
  send(res, 200, rows);
}

function djangoApi(params: URLSearchParams, res: ServerResponse): void {
  let rows = users.map((user) => ({ user, flat: fields(user, (a, b) => `${a}__${b}`) }));
  for (const [key, value] of params) {
    if (['ordering', 'limit', 'offset'].includes(key)) continue;
    const [field, lookup = 'exact'] = key.split(/__(?=gte$|icontains$|in$|isnull$)/);
    const test: Record<string, (v: unknown) => boolean> = {
      exact: (v) => String(v) === value,
      gte: (v) => typeof v === 'number' && v >= Number(value),
      icontains: (v) => typeof v === 'string' && v.toLowerCase().includes(value.toLowerCase()),
      in: (v) => value.split(',').includes(String(v)),
      isnull: (v) => (v === null) === (value === 'true'),
    };
    if (!(field! in rows[0]!.flat) && rows.length > 0) return send(res, 400, { [field!]: ['Unknown field.'] });
    rows = rows.filter(({ flat }) => test[lookup]!(flat[field!]));
  }
  const ordering = params.get('ordering')?.split(',') ?? [];
  rows.sort((a, b) => {
    for (const key of ordering) {
      const sign = key.startsWith('-') ? -1 : 1;
      const [x, y] = [a.flat[key.replace(/^-/, '')], b.flat[key.replace(/^-/, '')]];
      // Like a database collation: strings compare case-insensitively.
      const order =
        typeof x === 'string' ? x.localeCompare(String(y), 'en', { sensitivity: 'base' }) : Number(x) - Number(y);
      if (order) return order * sign;
    }
    return 0;
  });
  const limit = params.get('limit');
  if (limit === null)
    return send(
      res,
      200,
      rows.map(({ user }) => user),
    );
  const offset = Number(params.get('offset') ?? 0);
  const results = rows.slice(offset, offset + Number(limit)).map(({ user }) => user);
  send(res, 200, { count: rows.length, next: null, previous: null, results });
}

beforeAll(async () => {
  ({ origin, stop: stopServer } = await startServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const closed = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)));
    requests.push({ path: url.pathname, params: url.searchParams, headers: req.headers, closed });
    const behaviour = next.shift();
    if (behaviour === 'hang') return;
    if (behaviour === 'hang up') return void req.socket.destroy();
    if (typeof behaviour === 'object') return void res.writeHead(behaviour.status).end(behaviour.body);
    const serve = () => {
      if (url.pathname === '/api/my_app/users' || url.pathname === '/api/my_app/people')
        lifterApi(url.searchParams, res);
      else if (url.pathname === '/drf/my_app/users') djangoApi(url.searchParams, res);
      else res.writeHead(404).end(`<h1>Cannot GET ${url.pathname}</h1>`);
    };
    if (behaviour === 'slow') setTimeout(serve, 30);
    else serve();
  }));
});

afterAll(() => stopServer());

beforeEach(() => {
  requests.length = 0;
  next.length = 0;
});

const api = (options: Partial<ConstructorParameters<typeof RestStore>[0]> = {}) =>
  new RestStore({ identifier: 'api', baseUrl: `${origin}/api`, ...options });
const drf = () => new RestStore({ identifier: 'drf', baseUrl: `${origin}/drf`, queryString: djangoQueryString });
const ids = (rows: unknown) => (rows as User[]).map((user) => user.id);
/** The parameters sent, decoded and sorted (the order of filters is not part of the contract). */
const sent = (params: URLSearchParams) =>
  [...params]
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('&');
const q = query(User);
const loose = query<any>();

// ---------------------------------------------------------------------------

describe('RestStore configuration', () => {
  it('needs a baseUrl string', () => {
    expect(() => new RestStore({} as never)).toThrow(ConfigurationError);
    expect(() => new RestStore({ baseUrl: 42 } as never)).toThrow(/baseUrl/);
    expect(() => new RestStore({ baseUrl: '' })).toThrow(ConfigurationError);
  });

  it('needs an identifier to have a cache, and functions for fetch, queryString and parse', () => {
    expect(() => new RestStore({ baseUrl: origin, cache: new MemoryCache() })).toThrow(ConfigurationError);
    expect(() => new RestStore({ baseUrl: origin, queryString: 'django' } as never)).toThrow(/queryString/);
  });
});

describe('RestStore requests', () => {
  it('GETs {baseUrl}/{app}/{plural} with Accept: application/json and the given headers; a trailing slash is fine', async () => {
    const store = api({ baseUrl: `${origin}/api/`, headers: { Authorization: 'Bearer token' } });
    expect(ids(await store.query(User).list())).toEqual([1, 2, 3, 4, 5]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/api/my_app/users');
    expect(requests[0]!.params.size).toBe(0);
    expect(requests[0]!.headers.accept).toBe('application/json');
    expect(requests[0]!.headers.authorization).toBe('Bearer token');
  });

  it("uses the model's plural", async () => {
    await api().query(Person).list();
    expect(requests.map((r) => r.path)).toEqual(['/api/my_app/people']);
  });

  it('looks globalThis.fetch up at each request', async () => {
    const store = api();
    const spy = vi.spyOn(globalThis, 'fetch');
    await store.query(User).count();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(spy.mock.calls[0]![0])).toBe(`${origin}/api/my_app/users`);
  });

  it('calls a custom fetch instead, with the abort signal', async () => {
    const fake = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => Response.json([users[0]]));
    const store = api({ baseUrl: 'https://example.test/v1', fetch: fake as typeof fetch });
    expect(await store.query(User).filter({ age: 31 }).first()).toEqual(users[0]);
    expect(String(fake.mock.calls[0]![0])).toBe('https://example.test/v1/my_app/users?age=31');
    expect(fake.mock.calls[0]![1]!.signal).toBeInstanceOf(AbortSignal);
    expect(requests).toHaveLength(0);
  });
});

describe('RestStore with lifterQueryString (the default)', () => {
  it('filters on the server', async () => {
    expect(
      ids(
        await api()
          .query(User)
          .filter({ company: { name: 'Acme' }, active: true })
          .list(),
      ),
    ).toEqual([1]);
    expect(sent(requests[0]!.params)).toBe('active=true&companyName=Acme');
    expect(ids(await api().run(User, loose.filter({ first_name: 'Bob' })))).toEqual([2]);
    expect(sent(requests[1]!.params)).toBe('firstName=Bob');
  });

  it.each<[string, Query<any, any, any>]>([
    ['gte', loose.filter({ age: { gte: 18 } })],
    ['ne', loose.filter({ age: { ne: 18 } })],
    ['in', loose.filter({ id: { in: [1, 2] } })],
    ['icontains', loose.filter({ firstName: { icontains: 'a' } })],
    ['isnull', loose.filter({ age: { isnull: true } })],
    ['OR', loose.filter(or({ id: 1 }, { id: 2 }))],
    ['NOT', loose.filter(not({ id: 1 }))],
    ['exclude()', loose.exclude({ id: 1 })],
    ['an array value', loose.filter({ tags: ['a'] })],
    ['an object value', loose.filter({ company: { eq: { name: 'Acme' } } })],
    ['null', loose.filter({ age: null })],
    ['two values for one parameter', loose.filter({ id: 1 }).filter({ id: 2 })],
  ])('refuses %s with UnsupportedQuery before any request', async (_, unsupported) => {
    await expect(api().run(User, unsupported)).rejects.toThrow(UnsupportedQuery);
    await expect(api().run(User, unsupported)).rejects.toThrow(
      /lifterQueryString cannot express .*custom queryString builder/,
    );
    expect(requests).toHaveLength(0);
  });
});

describe('RestStore with djangoQueryString', () => {
  it.each<[string, Query<any, any, any>, RegExp]>([
    ['ne', loose.filter({ age: { ne: 18 } }), /no standard "not equal"/],
    ['OR', loose.filter(or({ id: 1 }, { id: 2 })), /OR filter/],
    ['exclude()', loose.exclude({ id: 1 }), /negated filter/],
    ['eq null', loose.filter({ age: null }), /isnull: true/],
    ['an empty in', loose.filter({ id: { in: [] } }), /empty list/],
    ['a comma inside an in item', loose.filter({ name: { in: ['a,b'] } }), /comma-separated/],
    ['a field holding "__"', loose.filter({ age__gte: 1 }), /lifterQueryString/],
    ['a field named like a pagination parameter', loose.filter({ limit: 1 }), /"limit", which it uses/],
  ])('refuses %s with UnsupportedQuery before any request', async (_, unsupported, message) => {
    await expect(drf().run(User, unsupported)).rejects.toThrow(UnsupportedQuery);
    await expect(drf().run(User, unsupported)).rejects.toThrow(message);
    expect(requests).toHaveLength(0);
  });

  it('lets the server filter, order and window, reading its paginated { count, next, previous, results }', async () => {
    const rows = await drf()
      .query(User)
      .filter({ age: { gte: 18 }, company: { name: 'Acme' } })
      .orderBy('-age')
      .offset(1)
      .limit(1)
      .list();
    expect(sent(requests[0]!.params)).toBe('age__gte=18&company__name=Acme&limit=1&offset=1&ordering=-age');
    // Acme adults by age descending are 5 then 1; a second local offset would leave nothing.
    expect(ids(rows)).toEqual([1]);
  });

  it("keeps the server's order (its collation), not a local re-sort", async () => {
    expect(ids(await drf().query(User).orderBy('firstName').list())).toEqual([1, 2, 3, 4, 5]);
    // lifterQueryString does not send ordering, so the store sorts by code unit itself.
    expect(ids(await api().query(User).orderBy('firstName').list())).toEqual([2, 4, 5, 1, 3]);
  });

  it('reports an unknown field as the server worded it', async () => {
    await expect(drf().run(User, loose.filter({ nickname: 'x' }))).rejects.toThrow(/HTTP 400.*Unknown field/);
  });
});

describe('RestStore runs the rest of the query over the response', () => {
  // A getter: the server's port is known only once beforeAll has run.
  const $ = {
    get users() {
      return api().query(User);
    },
  };

  it('count, first, last, exists', async () => {
    expect(await $.users.filter({ age: 31 }).count()).toBe(2);
    expect((await $.users.filter({ active: false }).orderBy('-age').first())?.id).toBe(5);
    expect((await $.users.filter({ active: true }).last())?.id).toBe(4);
    expect(await $.users.filter({ firstName: 'Zed' }).exists()).toBe(false);
    expect(sent(requests[3]!.params)).toBe('firstName=Zed');
  });

  it('ordering and the window', async () => {
    expect(ids(await $.users.orderBy('age', 'id').offset(1).limit(2).list())).toEqual([1, 4]);
    expect(requests[0]!.params.size).toBe(0);
  });

  it('values, valuesList and distinct', async () => {
    expect(await $.users.filter({ active: false }).values('id', 'company.name').list()).toEqual([
      { id: 2, 'company.name': 'Globex' },
      { id: 5, 'company.name': 'Acme' },
    ]);
    expect(await $.users.valuesList('company.name', { flat: true }).distinct().list()).toEqual([
      'Acme',
      'Globex',
      undefined,
    ]);
  });

  it('get and aggregate', async () => {
    expect((await $.users.get({ id: 3 })).firstName).toBe('cleo');
    await expect($.users.get({ id: 99 })).rejects.toThrow(DoesNotExist);
    await expect($.users.get({ age: 31 })).rejects.toThrow(MultipleObjectsReturned);
    expect(await $.users.aggregate({ n: { count: '*' }, oldest: { max: 'age' }, mean: { avg: 'age' } })).toEqual({
      n: 5,
      oldest: 45,
      mean: 31,
    });
  });
});

describe('RestStore errors', () => {
  const failure = async (model: Model<User>, built: Query<any, any, any> = q) => {
    const error = await api()
      .run(model, built)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(LifterError);
    return error as BadQuery | StoreError;
  };

  it('HTTP 4xx → BadQuery with the status and the JSON detail', async () => {
    const error = await failure(User, loose.filter({ nickname: 'x' }));
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/HTTP 400 Bad Request: Unknown filter "nickname"\. [A-Z]/); // one period, then the advice
  });

  it('HTTP 404 → BadQuery with the start of a non-JSON body', async () => {
    const error = await failure(Ghost);
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.status).toBe(404);
    expect(error.message).toContain('Cannot GET /api/my_app/ghosts');
  });

  it('HTTP 5xx → StoreError with the status', async () => {
    respondNext({ status: 503, body: JSON.stringify({ message: 'down for maintenance' }) });
    const error = await failure(User);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(BadQuery);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/HTTP 503.*down for maintenance/);
  });

  it('a network failure → StoreError with the cause', async () => {
    respondNext('hang up');
    const error = await failure(User);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('a body that is not JSON → StoreError with the cause', async () => {
    respondNext({ status: 200, body: '<html>oops</html>' });
    const error = await failure(User);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toContain('not JSON');
  });

  it('JSON that holds no rows → StoreError saying what was expected, unless parse finds them', async () => {
    respondNext({ status: 200, body: JSON.stringify({ data: users }) });
    expect((await failure(User)).message).toMatch(/neither an array of rows nor \{ results: \[\.\.\.\] \}/);
    respondNext({ status: 200, body: JSON.stringify({ data: users }) });
    const store = api({ parse: (json) => (json as { data: unknown[] }).data });
    expect(await store.query(User).count()).toBe(5);
    respondNext({ status: 200, body: '{}' });
    await expect(
      api({ parse: () => ({}) as never })
        .query(User)
        .count(),
    ).rejects.toThrow(/must return an array/);
  });
});

describe('RestStore with a cache', () => {
  it('caches a success: the same query again does not reach the server', async () => {
    const store = api({ cache: new MemoryCache() });
    expect(await store.query(User).filter({ age: 31 }).count()).toBe(2);
    expect(await store.query(User).filter({ age: 31 }).count()).toBe(2);
    expect(requests).toHaveLength(1);
    await store.query(User).filter({ age: 45 }).count();
    expect(requests).toHaveLength(2);
  });

  it('never caches an error: the next call reaches the server again', async () => {
    const store = api({ cache: new MemoryCache() });
    respondNext({ status: 500, body: '' });
    await expect(store.query(User).count()).rejects.toThrow(StoreError);
    expect(await store.query(User).count()).toBe(5);
    expect(requests).toHaveLength(2);
  });

  it('sends two identical queries at once as one request', async () => {
    respondNext('slow');
    const store = api();
    const [a, b] = await Promise.all([store.query(User).list(), store.query(User).list()]);
    expect(b).toBe(a);
    expect(requests).toHaveLength(1);
  });
});

describe('RestStore abort', () => {
  it('aborts the request: the promise rejects with the reason and the server sees the connection close', async () => {
    respondNext('hang');
    const controller = new AbortController();
    const pending = api().query(User).list({ signal: controller.signal });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const reason = new Error('no longer needed');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await requests[0]!.closed).toBe(true);
  });

  it('execute rethrows the abort reason as is, never wrapped in a StoreError', async () => {
    class Probe extends RestStore {
      call(signal: AbortSignal) {
        return this.execute(User, q, { signal });
      }
    }
    respondNext('hang');
    const controller = new AbortController();
    const pending = new Probe({ baseUrl: `${origin}/api` }).call(controller.signal);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
