// `npm run example`: a MemoryStore behind a MemoryCache, in Node, printing which calls the cache
// served. It runs the built package (dist/); the interactive demo is the Storybook one, `npm start`.
import { defineModel, MemoryCache, MemoryStore, query } from '../dist/core.js';

const User = defineModel({ app: 'demo', name: 'user' });
const cache = new MemoryCache({ defaultTimeout: 2 });
const store = new MemoryStore({
  identifier: 'demo_store',
  cache,
  latency: 150,
  data: {
    demo: {
      user: [
        { id: 1, name: 'Ann', age: 31 },
        { id: 2, name: 'Bob', age: 17 },
        { id: 3, name: 'Cleo', age: 45 },
      ],
    },
  },
});

async function ask(label, manager) {
  const before = { ...cache.stats };
  const started = performance.now();
  const result = await manager;
  const ms = (performance.now() - started).toFixed(1);
  const source = cache.stats.hits > before.hits ? 'cache hit ' : 'cache miss';
  console.log(`${source}  ${ms.padStart(6)} ms  ${label.padEnd(34)} → ${JSON.stringify(result)}`);
}

const users = store.query(User);
console.log(`key of the adults query: ${store.key(User, query(User).filter({ age: { gte: 18 } }))}\n`);
await ask('users.all().count()', users.all().count());
await ask('users.all().count()', users.all().count());
await ask(
  'adults, oldest first',
  users
    .filter({ age: { gte: 18 } })
    .orderBy('-age')
    .valuesList('name', { flat: true })
    .list(),
);
await ask(
  'adults, oldest first',
  users
    .orderBy('-age')
    .filter({ age: { gte: 18 } })
    .valuesList('name', { flat: true })
    .list(),
);
await ask('two at once (one backend call)', Promise.all([users.exists(), users.exists()]));
await cache.disable(() => ask('count with the cache disabled', users.count()));
console.log('\n…waiting 2 s for the entries to expire…\n');
await new Promise((resolve) => setTimeout(resolve, 2000));
await ask('users.all().count()', users.all().count());
console.log(`\ncache stats: ${JSON.stringify(cache.stats)}, entries: ${cache.size}`);
