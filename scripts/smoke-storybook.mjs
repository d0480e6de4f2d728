// Smoke test of the main job: `npm start` serves Storybook on port 6006, with every story in its index.
import { spawn } from 'node:child_process';

const url = 'http://127.0.0.1:6006';
// The pages a newcomer reads, then every story; each stories file has a docs page too (autodocs).
const stories = [
  'getting-started--docs',
  'concepts-keys-and-invalidation--docs',
  'concepts-timeouts--docs',
  'concepts-stale-data--docs',
  'concepts-writes--docs',
  'concepts-persistence--docs',
  'concepts-servers--docs',
  'concepts-turning-the-cache-off--docs',
  'concepts-errors-and-retries--docs',
  'concepts-fewer-requests--docs',
  'examples-first-example--hide-show-and-turn-off',
  'examples-keys-and-the-cache-inspector--keys-and-invalidation',
  'examples-timeouts--expiry',
  'examples-stale-data--revalidate',
  'examples-writes-a-todo-list--add',
  'examples-writes-a-todo-list--rename-toggle-delete',
  'examples-writes-a-todo-list--failing',
  'examples-writes-a-todo-list--empty-title',
  'examples-persistence-indexeddb--reload-without-backend-call',
  'examples-persistence-indexeddb--preloaded-reload',
  'examples-servers-a-snapshot--with-snapshot',
  'examples-servers-a-snapshot--without-snapshot',
  'examples-turning-the-cache-off--toggle',
  'examples-turning-the-cache-off--start-disabled',
  'examples-rest-api--loading-and-cache',
  'examples-rest-api--error-and-retry',
  'examples-retries--transient-failures',
  'examples-retries--gives-up',
  'examples-retries--refused',
  'examples-search-as-you-type--type-then-delete',
  'examples-one-request-for-many-components--fifty-components-one-call',
];
const docsPages = [
  ...new Set(stories.filter((id) => !id.endsWith('--docs')).map((id) => `${id.split('--')[0]}--docs`)),
];

const server = spawn('npm', ['start'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (chunk) => (log += chunk));
server.stderr.on('data', (chunk) => (log += chunk));
let exited = false;
server.on('exit', () => (exited = true));
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM'); // the whole group: npm, storybook and its children
  } catch {
    // Already gone.
  }
};

function fail(message) {
  console.error(`${message}\n--- npm start said:\n${log}`);
  stop();
  process.exit(1);
}

let index;
for (let second = 0; second < 180 && !index; second++) {
  if (exited) fail('npm start exited before serving Storybook.');
  try {
    const response = await fetch(`${url}/index.json`);
    if (response.ok) index = await response.json();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
if (!index) fail(`npm start did not serve ${url}/index.json within 180 s.`);

const missing = [...stories, ...docsPages].filter((id) => !(id in index.entries));
if (missing.length) fail(`Storybook's index lacks: ${missing.join(', ')}.`);
const page = await fetch(`${url}/iframe.html`);
if (!page.ok) fail(`${url}/iframe.html answered HTTP ${page.status}.`);
stop();
console.log(
  `npm start serves Storybook on ${url}: all ${stories.length} stories and pages, and ${docsPages.length} docs pages.`,
);
