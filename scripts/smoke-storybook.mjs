// Smoke test of the main job: `npm start` serves Storybook on port 6006, with every story in its index.
import { spawn } from 'node:child_process';

const url = 'http://127.0.0.1:6006';
const stories = [
  'guide-concepts--docs',
  'guide-quick-start--first-load-then-cache',
  'stores-rest--loading-and-cache',
  'stores-rest--error-and-retry',
  'caches-persistence-indexeddb--reload-without-backend-call',
  'caches-persistence-indexeddb--preloaded-reload',
  'caches-timeout--expiry',
  'guide-disabling-the-cache--toggle',
  'guide-de-duplication--fifty-components-one-call',
  'caches-inspector--live-table',
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

const missing = stories.filter((id) => !(id in index.entries));
if (missing.length) fail(`Storybook's index lacks: ${missing.join(', ')}.`);
const page = await fetch(`${url}/iframe.html`);
if (!page.ok) fail(`${url}/iframe.html answered HTTP ${page.status}.`);
stop();
console.log(`npm start serves Storybook on ${url} with all ${stories.length} stories.`);
