// Screenshots of every story, taken with headless Chromium from the static Storybook build
// (run `npm run build-storybook` first). Written to docs/screenshots/<story id>.png.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright';

const root = join(import.meta.dirname, '..', 'storybook-static');
const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
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

const stories = Object.values(JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')).entries).filter(
  (entry) => entry.type === 'story',
);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 900, height: 560 } });
for (const story of stories) {
  await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`);
  // The play function runs after the render: wait until Storybook says it has finished.
  await page.locator('#storybook-root > *').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(out, `${story.id}.png`), fullPage: true });
  console.log(`docs/screenshots/${story.id}.png`);
}
await browser.close();
server.close();
