// `npm run bench:redis`: RedisCache against the same commands sent directly with node-redis, on a
// redis-server of its own (Debian's, scripts/ensure-redis.sh), and RedisCache under load while that
// server is killed and started again. Writes its figures to bench/REDIS.md. It runs the built package
// (dist/, built by the npm script). `--smoke`: tiny sizes, for CI; it fails when an invariant breaks
// (one MGET for the reads of a tick, no request failing or hanging while Redis is down, resuming after).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { defineModel, MemoryStore, query } from '../dist/core.js';
import { RedisCache } from '../dist/redis.js';
import { startRedisServer } from '../scripts/redis-server.mjs';

// As in production: faults are told to onError, without the development warnings (the outages here are on purpose).
process.env.NODE_ENV ??= 'production';
const smoke = process.argv.includes('--smoke');
const sizes = smoke
  ? { gets: 500, hotKeys: 20, tick: 500, runs: 1, load: { workers: 10, keys: 50, phases: [300, 600, 700] } }
  : { gets: 10_000, hotKeys: 100, tick: 500, runs: 5, load: { workers: 50, keys: 200, phases: [2000, 2000, 3000] } };
const failures = [];
const check = (ok, what) => ok || failures.push(what);

const server = await startRedisServer();
const connect = async () => {
  const client = createClient({ url: server.url, socket: { reconnectStrategy: 50 } });
  client.on('error', () => {});
  return client.connect();
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A typical cached result: a list of 20 rows. */
const rows = Array.from({ length: 20 }, (_, i) => ({ id: i, name: `Row ${i}`, tags: ['a', 'b'], score: i * 1.5 }));

/** Median over `runs` of the milliseconds `body` takes (after one warm-up run). */
async function timed(body) {
  await body();
  const times = [];
  for (let run = 0; run < sizes.runs; run++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function callsOf(admin, command) {
  const info = await admin.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

// 1. Hot reads: RedisCache.get against the command it sends (MGET of the key), sent directly.
async function hotReads() {
  const client = await connect();
  const cache = new RedisCache({ client, namespace: 'bench' });
  const memory = new RedisCache({ client, namespace: 'bench', memory: { maxEntries: 1000 } });
  await memory.ready();
  const keys = Array.from({ length: sizes.hotKeys }, (_, i) => `api:app:item:${i}`);
  for (const key of keys) await cache.set(key, rows, null, { query: `{"key":"${key}"}` });
  const key = (i) => keys[i % keys.length];
  const sequential = {
    cache: await timed(async () => {
      for (let i = 0; i < sizes.gets; i++) await cache.get(key(i));
    }),
    direct: await timed(async () => {
      for (let i = 0; i < sizes.gets; i++) await client.sendCommand(['MGET', `bench:${key(i)}`]);
    }),
    directGet: await timed(async () => {
      for (let i = 0; i < sizes.gets; i++) JSON.parse((await client.get(`bench:${key(i)}`)).split('\n')[1]);
    }),
    memory: await timed(async () => {
      for (let i = 0; i < sizes.gets; i++) await memory.get(key(i));
    }),
  };
  // The same reads asked for 100 at a time (a page's components): one MGET of 100 keys each way.
  const batch = 100;
  const batched = {
    cache: await timed(async () => {
      for (let i = 0; i < sizes.gets; i += batch) {
        await Promise.all(Array.from({ length: batch }, (_, j) => cache.get(key(i + j))));
      }
    }),
    direct: await timed(async () => {
      for (let i = 0; i < sizes.gets; i += batch) {
        await client.sendCommand(['MGET', ...Array.from({ length: batch }, (_, j) => `bench:${key(i + j)}`)]);
      }
    }),
    directParse: await timed(async () => {
      for (let i = 0; i < sizes.gets; i += batch) {
        const keys = Array.from({ length: batch }, (_, j) => `bench:${key(i + j)}`);
        for (const raw of await client.sendCommand(['MGET', ...keys])) JSON.parse(raw.slice(raw.indexOf('\n') + 1));
      }
    }),
  };
  await memory.close();
  await cache.close();
  await client.close();
  return { sequential, batched };
}

// 2. The reads of one tick: how many round trips (MGETs) for 500 reads, and how long, against 500 GETs.
async function oneTick() {
  const client = await connect();
  const admin = await connect();
  const cache = new RedisCache({ client, namespace: 'tick' });
  const keys = Array.from({ length: sizes.tick }, (_, i) => `api:app:item:${i}`);
  await Promise.all(keys.map((key) => cache.set(key, rows)));
  await cache.flush();
  await admin.configResetStat();
  const start = performance.now();
  const values = await Promise.all(keys.map((key) => cache.get(key)));
  const elapsed = performance.now() - start;
  const mgets = await callsOf(admin, 'mget');
  const gets = await callsOf(admin, 'get');
  const direct = await timed(() => Promise.all(keys.map((key) => client.get(`tick:${key}`))));
  const cached = await timed(() => Promise.all(keys.map((key) => cache.get(key))));
  const writes = await timed(async () => {
    await Promise.all(keys.map((key) => cache.set(key, rows)));
  });
  const directWrites = await timed(async () => {
    await Promise.all(keys.map((key) => client.set(`tick:${key}`, JSON.stringify(rows))));
  });
  check(mgets === 1 && gets === 0, `${sizes.tick} reads in one tick: ${mgets} MGET and ${gets} GET (expected 1 and 0)`);
  check(
    values.every((value) => value?.length === rows.length),
    'reads of one tick: every value found',
  );
  await cache.close();
  await client.close();
  await admin.close();
  return { reads: keys.length, mgets, gets, elapsed, cached, direct, writes, directWrites };
}

// 3. Under load, Redis killed (or paused), then started again: every request still answers (from the backend).
async function outage({ slow = false, memory = false } = {}) {
  const { workers, keys, phases } = sizes.load;
  const client = await connect();
  const faults = [];
  const cache = new RedisCache({
    client,
    namespace: 'load',
    defaultTimeout: 60,
    ...(memory ? { memory: { maxEntries: 1000 } } : {}),
    onError: (_error, fault) => faults.push({ fault, at: performance.now() }),
  });
  await cache.ready();
  await cache.clear();
  const Item = defineModel({ app: 'app', name: 'item' });
  let backendCalls = 0;
  const store = new (class extends MemoryStore {
    execute(...args) {
      backendCalls++;
      return super.execute(...args);
    }
  })({ identifier: 'api', cache, latency: 5, data: { app: { item: rows } } });
  const queries = Array.from({ length: keys }, (_, i) =>
    query(Item)
      .filter({ id: i % rows.length })
      .offset(i),
  );
  const requests = [];
  let failed = 0;
  let running = true;
  const t0 = performance.now();
  const worker = async (w) => {
    for (let i = w; running; i += workers) {
      const q = queries[i % queries.length];
      const start = performance.now();
      try {
        const { source } = await store.answer(Item, q);
        requests.push({ at: start - t0, took: performance.now() - start, source });
      } catch {
        failed++;
      }
      await tick();
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  const [before, down] = phases;
  await new Promise((resolve) => setTimeout(resolve, before));
  const stoppedAt = performance.now() - t0;
  const admin = slow ? await connect() : undefined;
  if (slow) await admin.sendCommand(['CLIENT', 'PAUSE', String(down), 'ALL']);
  else await server.kill();
  await new Promise((resolve) => setTimeout(resolve, down));
  const startedAt = performance.now() - t0;
  if (!slow) await server.restart();
  await new Promise((resolve) => setTimeout(resolve, phases[2]));
  running = false;
  await done;
  await cache.close();
  await client.close();
  await admin?.close();

  const during = requests.filter((r) => r.at >= stoppedAt && r.at < startedAt);
  const after = requests.filter((r) => r.at >= startedAt);
  const firstFault = faults[0] ? faults[0].at - t0 - stoppedAt : undefined;
  const firstHit = after.find((r) => r.source === 'cache');
  const phase = (list) => ({
    requests: list.length,
    perSecond: list.length / ((list.at(-1)?.at - list[0]?.at) / 1000 || 1),
    p50: median(list.map((r) => r.took)),
    p99: quantile(
      list.map((r) => r.took),
      0.99,
    ),
    max: list.reduce((max, r) => Math.max(max, r.took), 0),
    hits: list.filter((r) => r.source === 'cache').length / list.length,
  });
  const result = {
    kind: `${slow ? `CLIENT PAUSE ${down} ms` : `killed for ${down} ms`}${memory ? ', with a memory layer' : ''}`,
    failed,
    faults: [...new Set(faults.map((f) => f.fault))],
    firstFault,
    resumedAfter: firstHit ? firstHit.at - startedAt : undefined,
    before: phase(requests.filter((r) => r.at < stoppedAt)),
    during: phase(during),
    after: phase(after),
    backendCalls,
  };
  check(failed === 0, `${result.kind}: ${failed} requests failed`);
  check(during.length > 0, `${result.kind}: no request answered while Redis was out`);
  check(firstHit !== undefined, `${result.kind}: the cache never served a hit again after Redis came back`);
  return result;
}

const reads = await hotReads();
const batching = await oneTick();
const outages = [await outage(), await outage({ slow: true }), await outage({ memory: true })];
await server.stop();

const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const percent = (share) => `${(share * 100).toFixed(0)} %`;
const row = (name, r) =>
  `| ${name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${[r.p50, r.p99, r.max].map(ms).join(' | ')} | ` +
  `${percent(r.hits)} |`;
const after = (value) => (value === undefined ? 'never' : ms(value));
const faultTable = (r) => [
  `**${r.kind}**: ${r.failed} requests failed; first fault told ${after(r.firstFault)} after the stop ` +
    `(${r.faults.join(', ')}); first cache hit ${after(r.resumedAfter)} after Redis was back.`,
  '',
  '| phase | requests | per second | p50 | p99 | max | cache hits |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  row('before', r.before),
  row('Redis out', r.during),
  row('after', r.after),
  '',
];
const { sequential: s, batched: b } = reads;
/** A row of the reads table: `time` for `sizes.gets` reads, against `base`. */
const readRow = (how, time, base, bold = false) => {
  const against = bold ? `**${ratio(time, base)}**` : ratio(time, base);
  return `| ${how} | ${ms(time)} | ${ms(time / sizes.gets)} | ${against} |`;
};
const [before, down, rest] = sizes.load.phases;
const report = [
  '# RedisCache: figures',
  '',
  `Measured by \`npm run bench:redis\` (bench/redis.mjs) on ${new Date().toISOString().slice(0, 10)}, Node ` +
    `${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, node-redis 6, a redis-server of its own on ` +
    `127.0.0.1 (persistence off); medians of ${sizes.runs} runs. Cached values: lists of 20 rows (about 1 kB of JSON).`,
  'Local Redis, so a round trip costs little and the cache’s own work shows; across a network the same work is a',
  'smaller share. Timings on a shared machine vary by tens of percent from run to run; counts do not.',
  '',
  `## ${sizes.gets.toLocaleString('en')} reads of ${sizes.hotKeys} hot keys`,
  '',
  'RedisCache against the command it sends, sent directly with the same client (the ratio), and against what an app',
  'would write by hand (with the decoding the cache does).',
  '',
  '| how | time | per read | vs the same commands sent directly |',
  '| --- | --- | --- | --- |',
  readRow('RedisCache.get, one at a time', s.cache, s.direct, true),
  readRow('client: MGET of the key, one at a time', s.direct, s.direct),
  readRow('client: GET + JSON.parse, one at a time', s.directGet, s.direct),
  readRow('RedisCache.get, 100 per tick', b.cache, b.direct, true),
  readRow('client: MGET of 100 keys', b.direct, b.direct),
  readRow('client: MGET of 100 keys + JSON.parse of each', b.directParse, b.direct),
  readRow('RedisCache with a memory layer, one at a time', s.memory, s.direct),
  '',
  `## ${batching.reads} reads asked for in one tick`,
  '',
  `${batching.mgets} round trip: ${batching.mgets} MGET, ${batching.gets} GET (the server’s commandstats). ` +
    `${ms(batching.cached)} for the ${batching.reads} reads, decoded, against ${ms(batching.direct)} for ` +
    `${batching.reads} GETs sent directly (pipelined by node-redis, not decoded). ${batching.reads} writes in one ` +
    `tick: ${ms(batching.writes)} through RedisCache (checked, encoded, pipelined, one PUBLISH), ` +
    `${ms(batching.directWrites)} as direct SETs.`,
  '',
  '## Redis stopped and started again under load',
  '',
  `${sizes.load.workers} requests at a time, each \`store.answer\` of one of ${sizes.load.keys} queries on a ` +
    'MemoryStore answering after 5 ms, through a RedisCache (commandTimeout 200 ms); ' +
    `${before} ms running, then Redis out for ${down} ms (its process killed, then a new one started on the same ` +
    `port, empty; or \`CLIENT PAUSE\`), then ${rest} ms. Latency is each request’s, from its start to its answer.`,
  '',
  ...outages.flatMap(faultTable),
];
if (!smoke) writeFileSync(new URL('./REDIS.md', import.meta.url), `${report.join('\n')}`);
console.log(report.join('\n'));
if (failures.length > 0) {
  console.error(`\nbench:redis failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
