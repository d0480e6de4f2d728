import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BadQuery,
  defineModel,
  InvalidQuery,
  MemoryCache,
  RestStore,
  StoreError,
  UnsupportedQuery,
} from '../../../src/core/index';
import { Todo } from '../fixtures';
import { startServer } from './local-server';

const Tag = defineModel<{ slug: string; label: string }, 'slug'>({ app: 'demo', name: 'tag', primaryKey: 'slug' });

// ---------------------------------------------------------------------------
// A real HTTP server in Django REST framework's manner: rows in memory, 201 on create, 204 on delete,
// errors by field on a 400, { "detail": "Not found." } on a 404.

interface Seen {
  method: string;
  /** The path as sent, still encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Resolves when the response closes: true if the connection closed before the response was sent. */
  closed: Promise<boolean>;
}
type Behaviour = { status: number; body: string } | 'hang';

const requests: Seen[] = [];
const next: Behaviour[] = [];
const tables = new Map<string, Map<string, Record<string, unknown>>>();
let origin: string;
let stopServer: () => Promise<void>;

/** The server answers the next request this way instead of serving it. */
const respondNext = (behaviour: Behaviour) => next.push(behaviour);

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) return void res.writeHead(status).end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function serve(method: string, url: string, body: string, res: ServerResponse): void {
  const [, collection, rawId] = /^\/api\/demo\/(todos|tags)(?:\/([^/]+))?$/.exec(url) ?? [];
  const table = collection ? tables.get(collection) : undefined;
  if (!table) return void res.writeHead(404).end(`<h1>Cannot ${method} ${url}</h1>`);
  const key = collection === 'tags' ? 'slug' : 'id';
  if (rawId === undefined) {
    if (method === 'GET') return send(res, 200, [...table.values()]);
    if (method !== 'POST') return send(res, 405, { detail: `Method "${method}" not allowed.` });
    const values = JSON.parse(body) as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    if (typeof values.title !== 'string' || values.title === '') errors.title = ['This field is required.'];
    if ('done' in values && typeof values.done !== 'boolean') errors.done = ['Must be a valid boolean.'];
    if (Object.keys(errors).length > 0) return send(res, 400, errors);
    // Stored as the server sees fit: the title trimmed, `done` defaulted, the next id.
    const id = Math.max(0, ...[...table.values()].map((r) => r.id as number)) + 1;
    const row = { done: false, ...values, title: (values.title as string).trim(), id };
    table.set(String(row.id), row);
    return send(res, 201, row);
  }
  const id = decodeURIComponent(rawId);
  const row = table.get(id);
  if (!row) return send(res, 404, { detail: 'Not found.' });
  if (method === 'PATCH') {
    const updated = { ...row, ...(JSON.parse(body) as Record<string, unknown>), [key]: row[key] };
    table.set(id, updated);
    return send(res, 200, updated);
  }
  if (method === 'DELETE') {
    table.delete(id);
    return send(res, 204);
  }
  send(res, 405, { detail: `Method "${method}" not allowed.` });
}

beforeAll(async () => {
  ({ origin, stop: stopServer } = await startServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const closed = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)));
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body, closed });
      const behaviour = next.shift();
      if (behaviour === 'hang') return;
      if (behaviour) return void res.writeHead(behaviour.status).end(behaviour.body);
      serve(req.method!, req.url!, body, res);
    });
  }));
});

afterAll(() => stopServer());

beforeEach(() => {
  requests.length = 0;
  next.length = 0;
  tables.set(
    'todos',
    new Map([
      ['1', { id: 1, title: 'Write tests', done: false }],
      ['2', { id: 2, title: 'Ship', done: false }],
    ]),
  );
  tables.set('tags', new Map([['a/b c?é#%', { slug: 'a/b c?é#%', label: 'odd' }]]));
});

const api = (options: Partial<ConstructorParameters<typeof RestStore>[0]> = {}) =>
  new RestStore({ identifier: 'api', baseUrl: `${origin}/api/`, ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the write succeeded'),
    (error: unknown) => error as BadQuery & StoreError,
  );

// ---------------------------------------------------------------------------

describe('RestStore writes: requests', () => {
  it('create POSTs the values as JSON to {baseUrl}/{app}/{plural}, resolving to the stored record', async () => {
    const store = api({ headers: { Authorization: 'Bearer token' } });
    const created = await store.query(Todo).create({ title: 'Celebrate', done: false });
    expect(created).toEqual({ id: 3, title: 'Celebrate', done: false });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/api/demo/todos');
    expect(JSON.parse(request!.body)).toEqual({ title: 'Celebrate', done: false });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers.authorization).toBe('Bearer token');
    expect(tables.get('todos')!.get('3')).toEqual(created);
  });

  it("the record is the server's: fields as it stored them, and those it set", async () => {
    expect(
      await api()
        .query(Todo)
        .create({ title: '  Defaults ' } as Todo),
    ).toEqual({
      id: 3,
      title: 'Defaults',
      done: false,
    });
  });

  it('update PATCHes the patch to {baseUrl}/{app}/{plural}/{id}, resolving to the whole record', async () => {
    const updated = await api({ headers: { 'X-Trace': '7' } })
      .query(Todo)
      .update(1, { done: true });
    expect(updated).toEqual({ id: 1, title: 'Write tests', done: true });
    expect(requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'PATCH', url: '/api/demo/todos/1', body: '{"done":true}' },
    ]);
    expect(requests[0]!.headers['content-type']).toBe('application/json');
    expect(requests[0]!.headers.accept).toBe('application/json');
    expect(requests[0]!.headers['x-trace']).toBe('7');
    expect(tables.get('todos')!.get('1')).toEqual(updated);
  });

  it('delete sends DELETE {baseUrl}/{app}/{plural}/{id} without a body; a 204 resolves to undefined', async () => {
    expect(await api().query(Todo).delete(2)).toBeUndefined();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'DELETE', url: '/api/demo/todos/2', body: '' });
    expect(requests[0]!.headers['content-type']).toBeUndefined();
    expect(requests[0]!.headers.accept).toBe('application/json');
    expect([...tables.get('todos')!.keys()]).toEqual(['1']);
  });

  it('delete resolves to undefined on a 200 with a body too', async () => {
    respondNext({ status: 200, body: JSON.stringify({ deleted: 1 }) });
    expect(await api().query(Todo).delete(1)).toBeUndefined();
    respondNext({ status: 200, body: 'Deleted.' });
    expect(await api().query(Todo).delete(1)).toBeUndefined();
  });

  it('an id needing encoding is sent URL-encoded as one path segment', async () => {
    const tags = api().query(Tag);
    expect(await tags.update('a/b c?é#%', { label: 'renamed' })).toEqual({ slug: 'a/b c?é#%', label: 'renamed' });
    await tags.delete('a/b c?é#%');
    const encoded = '/api/demo/tags/a%2Fb%20c%3F%C3%A9%23%25';
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH ${encoded}`, `DELETE ${encoded}`]);
    expect(tables.get('tags')!.size).toBe(0);
  });

  it('an id a URL would read as a directory ("." or "..") is refused before any request', async () => {
    await expect(api().query(Tag).delete('..')).rejects.toThrow(UnsupportedQuery);
    await expect(api().query(Tag).update('.', { label: 'x' })).rejects.toThrow(/cannot put the id "\."/);
    expect(requests).toHaveLength(0);
  });

  it('values JSON cannot hold are an InvalidQuery before any request', async () => {
    const error = await failure(
      api()
        .query(Todo)
        .create({ title: 'big', done: false, size: 1n } as never),
    );
    expect(error).toBeInstanceOf(InvalidQuery);
    expect(error.message).toMatch(/create: the values cannot be sent as JSON/);
    expect(requests).toHaveLength(0);
  });
});

describe('RestStore writes: failures', () => {
  it('HTTP 400 with errors by field → BadQuery with the status, the fields, a summary in the message', async () => {
    const error = await failure(
      api()
        .query(Todo)
        .create({ title: '', done: 'yes' as never }),
    );
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ title: ['This field is required.'], done: ['Must be a valid boolean.'] });
    expect(error.message).toContain(
      `POST ${origin}/api/demo/todos was refused with HTTP 400 Bad Request: ` +
        'title: This field is required; done: Must be a valid boolean. Check ',
    );
    expect(requests).toHaveLength(1);
  });

  it('nested errors by field read as paths in the message', async () => {
    respondNext({
      status: 400,
      body: JSON.stringify({ author: { name: ['Too long.'] }, tags: [{}, { label: ['Required.', 'Too short.'] }] }),
    });
    const error = await failure(api().query(Todo).update(1, { title: 'x' }));
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.fields).toEqual({
      author: { name: ['Too long.'] },
      tags: [{}, { label: ['Required.', 'Too short.'] }],
    });
    expect(error.message).toContain(': author.name: Too long; tags[1].label: Required. Too short. Check the id');
  });

  it('HTTP 404 on an update → BadQuery with the status and the detail; a 404 on a delete too', async () => {
    const error = await failure(api().query(Todo).update(9, { done: true }));
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.status).toBe(404);
    expect(error.fields).toEqual({ detail: 'Not found.' });
    expect(error.message).toMatch(/PATCH \S+\/api\/demo\/todos\/9 was refused with HTTP 404 Not Found: Not found\. /);
    const gone = await failure(api().query(Todo).delete(9));
    expect(gone).toBeInstanceOf(BadQuery);
    expect(gone.status).toBe(404);
  });

  it('a refusal whose body is not a JSON object has no fields', async () => {
    respondNext({ status: 403, body: '<h1>Forbidden</h1>' });
    const error = await failure(api().query(Todo).delete(1));
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.fields).toBeUndefined();
    expect(error.message).toContain('<h1>Forbidden</h1>');
  });

  it('HTTP 500 → StoreError with the status, sent once (writes are not retried)', async () => {
    respondNext({ status: 500, body: JSON.stringify({ detail: 'database is down' }) });
    const error = await failure(api().query(Todo).create({ title: 'x', done: false }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(BadQuery);
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/failed with HTTP 500 Internal Server Error: database is down\. /);
    expect(requests).toHaveLength(1);
  });

  it('a refused connection → StoreError with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const store = new RestStore({ identifier: 'down', baseUrl: `http://127.0.0.1:${port}/api` });
    const error = await failure(store.query(Todo).update(1, { done: true }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/PATCH \S+ failed before a response was read: .*ECONNREFUSED/);
  });

  it('an abort mid-request rejects with the reason as is, and the server sees the connection close', async () => {
    respondNext('hang');
    const controller = new AbortController();
    const pending = api().query(Todo).create({ title: 'slow', done: false }, { signal: controller.signal });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const reason = new Error('the user left');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await requests[0]!.closed).toBe(true);
  });

  it('a create answered with a body that is not JSON → StoreError: the record must come back as JSON', async () => {
    respondNext({ status: 201, body: '<html>Created</html>' });
    const error = await failure(api().query(Todo).create({ title: 'x', done: false }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.status).toBe(201);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(
      /not JSON \("<html>Created<\/html>"\)\. The API must answer the stored record as JSON/,
    );
  });

  it('an empty body or JSON that is not an object → StoreError too', async () => {
    respondNext({ status: 201, body: '' });
    await expect(api().query(Todo).create({ title: 'x', done: false })).rejects.toThrow(
      /an empty body\)\. The API must answer the stored record as JSON/,
    );
    respondNext({ status: 200, body: '[{"id":1}]' });
    const error = await failure(api().query(Todo).update(1, { done: true }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/with "\[\{\\"id\\":1\}\]", not a record\. The API must answer the stored record/);
  });

  it('a refused GET keeps its JSON object as fields too', async () => {
    respondNext({ status: 400, body: JSON.stringify({ ordering: ['Unknown field.'] }) });
    const error = await failure(api().query(Todo).list());
    expect(error).toBeInstanceOf(BadQuery);
    expect(error.fields).toEqual({ ordering: ['Unknown field.'] });
    expect(error.message).toContain('HTTP 400 Bad Request: ordering: Unknown field. Check the query');
  });
});

describe('RestStore writes and the cache', () => {
  it("a successful write invalidates the model's cached lists; a failed one invalidates nothing", async () => {
    const cache = new MemoryCache();
    const todos = api({ cache }).query(Todo);
    const gets = () => requests.filter((r) => r.method === 'GET').length;
    expect(await todos.count()).toBe(2);
    expect(await todos.count()).toBe(2);
    expect(gets()).toBe(1);

    await todos.create({ title: 'Third', done: false });
    expect(await todos.count()).toBe(3);
    expect(gets()).toBe(2);

    await expect(todos.update(9, { done: true })).rejects.toThrow(BadQuery);
    respondNext({ status: 500, body: '' });
    await expect(todos.delete(1)).rejects.toThrow(StoreError);
    expect(await todos.count()).toBe(3);
    expect(gets()).toBe(2);

    await todos.delete(1);
    expect(await todos.count()).toBe(2);
    expect(gets()).toBe(3);
  });
});
