// Screenshots of the Storybook, taken with headless Chromium from its static build (built first; pass
// --no-build to use storybook-static/ as it is). Written to docs/screenshots/, which then holds only these:
//   storybook.png              the Storybook as a newcomer opens it (the sidebar, and Getting started)
//   <docs id>.png              every docs page: Getting started, each concept, each example's page
//   <story id>--start.png      each story as it opens, before its play function (the reader's starting point)
//   <story id>--end.png        each story once its play function has walked it to its end
// --only=<text> takes only the pages and stories whose id contains the text, and removes nothing.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright';

const repo = join(import.meta.dirname, '..');
const root = join(repo, 'storybook-static');
const out = join(repo, 'docs', 'screenshots');
if (!process.argv.includes('--no-build')) {
  execFileSync('npm', ['run', 'build-storybook'], { cwd: repo, stdio: 'inherit' });
}
if (!existsSync(join(root, 'index.json'))) {
  console.error('No storybook-static/: run `npm run build-storybook` first.');
  process.exit(1);
}

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};
const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(root, path === '/' ? 'index.html' : path);
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);
const entries = Object.values(JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')).entries).filter(
  (entry) => only === undefined || entry.id.includes(only),
);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
mkdirSync(out, { recursive: true });
const taken = new Set();
/** Saves a screenshot of the whole page as docs/screenshots/<name>.png. */
async function shoot(page, name) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  taken.add(`${name}.png`);
  console.log(`docs/screenshots/${name}.png`);
}
/** Waits until the story's render (and play function, if it runs) has finished, errored or not. */
const finished = (page) =>
  page.waitForFunction(() => ['finished', 'errored'].includes(globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase), {
    timeout: 60_000,
  });

// The Storybook as it opens, at a laptop's size.
if (only === undefined) await shootStorybook();
async function shootStorybook() {
  const manager = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await manager.goto(`${base}/index.html?path=/docs/getting-started--docs`);
  await manager
    .frameLocator('#storybook-preview-iframe')
    .locator('.sbdocs-content h1')
    .first()
    .waitFor({ timeout: 30_000 });
  await manager.waitForTimeout(3000);
  await shoot(manager, 'storybook');
  await manager.close();
}

const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
for (const entry of entries.filter((each) => each.type === 'docs')) {
  await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=docs`);
  await page.locator('.sbdocs-content h1, .sbdocs-title').first().waitFor({ timeout: 30_000 });
  // The stories on the page load their data (the demo backends take up to a second or so).
  await page.waitForTimeout(3000);
  await shoot(page, entry.id);
}
await page.setViewportSize({ width: 900, height: 560 });
for (const entry of entries.filter((each) => each.type === 'story')) {
  // embed=true: Storybook renders the story without running its play function.
  await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=story&embed=true`);
  await finished(page);
  await page.waitForTimeout(2500);
  await shoot(page, `${entry.id}--start`);
  await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=story`);
  await finished(page);
  await shoot(page, `${entry.id}--end`);
}
await browser.close();
server.close();

// Screenshots of stories or pages that no longer exist go.
for (const file of only === undefined ? readdirSync(out) : []) {
  if (file.endsWith('.png') && !taken.has(file)) {
    rmSync(join(out, file));
    console.log(`removed docs/screenshots/${file}`);
  }
}
