// Writes docs/screenshot.png: the demo page with a query and its results, in headless Chromium.
// Run: node tests/e2e/screenshot.mjs [QUERY] [OUT.png]   (needs www/pkg built)
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { ROOT, WWW, launch, startServer } from './helpers.js';

const query = process.argv[2] ?? '乡村振兴';
const out = path.resolve(ROOT, process.argv[3] ?? 'docs/screenshot.png');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-shot-'));
fs.writeFileSync(path.join(tmp, 'version.json'), '{"version":"dev"}');
const mounts = { '/': WWW };
if (!fs.existsSync(path.join(WWW, 'pkg/version.json'))) mounts['/pkg/version.json'] = path.join(tmp, 'version.json');
const server = await startServer(mounts, { csp: true });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/index.html`);
  await page.evaluate(async (q) => {
    await customElements.whenDefined('zh-search');
    const el = document.querySelector('zh-search');
    await el.ready;
    const done = new Promise((resolve) => el.addEventListener('zh-search-results', resolve, { once: true }));
    el.search(q);
    await done;
  }, query);
  await page.locator('zh-search [part=input]').press('ArrowDown'); // show an active result
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, out)}`);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
