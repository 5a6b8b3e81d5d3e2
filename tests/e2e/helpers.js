// Shared set-up for the end-to-end tests: fixture index files, servers, Chromium, page helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from './server.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const WWW = path.join(ROOT, 'www');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
const CLI = path.join(ROOT, 'target/release/zhsearch');

export const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
  timeout: 30_000,
};

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function run(cmd, args, timeout) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  }
  return r.stdout;
}

/** Runs the release CLI (target/release/zhsearch) and gives its output; throws with its stderr when it fails. */
export const zhsearch = (args) => run(CLI, args, 120_000);

/** Builds the fixture index files into a fresh temporary directory and returns its path. */
export function buildFixtures() {
  if (!fs.existsSync(path.join(WWW, 'pkg/zhsearch_widget_bg.wasm'))) {
    throw new Error('www/pkg is missing: run `wasm-pack build --release --target web --mode no-install --out-dir www/pkg` first');
  }
  if (!fs.existsSync(CLI)) run('cargo', ['build', '--release', '--locked', '-p', 'zhsearch'], 900_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-e2e-'));
  run(CLI, ['index', '-q', path.join(FIXTURES, 'xss'), '-o', path.join(dir, 'xss.zhs')], 60_000);
  run(CLI, ['index', '-q', path.join(FIXTURES, 'urls/articles.jsonl'), '-o', path.join(dir, 'urls.zhs')], 60_000);
  const good = fs.readFileSync(path.join(dir, 'urls.zhs'));
  const corrupt = Buffer.from(good);
  corrupt[corrupt.length >> 1] ^= 0xff; // one flipped byte: the checksum must catch it
  fs.writeFileSync(path.join(dir, 'corrupt.zhs'), corrupt);
  fs.writeFileSync(path.join(dir, 'truncated.zhs'), good.subarray(0, good.length >> 1));
  fs.writeFileSync(path.join(dir, 'version.json'), JSON.stringify({ version: 'e2e-1' }));
  return dir;
}

/**
 * The site as tests see it: www/ at /, tests/fixtures/ at /fixtures/, built indexes at /build/.
 * www/pkg/version.json is the build's if there is one, else the temporary one.
 */
export function mounts(buildDir, versionFile) {
  const m = { '/': WWW, '/fixtures/': FIXTURES, '/build/': buildDir };
  if (versionFile || !fs.existsSync(path.join(WWW, 'pkg/version.json'))) {
    m['/pkg/version.json'] = versionFile ?? path.join(buildDir, 'version.json');
  }
  return m;
}

export { startServer };

export function launch() {
  return chromium.launch(LAUNCH);
}

/**
 * A fresh browser context and page. Console errors and uncaught page errors are appended to
 * `problems` (the suite asserts there are none at the end) unless `allow(text, url)` says they
 * are expected. Events fired by widgets are recorded in window.__zh (see events()).
 */
export async function openPage(browser, problems, url, { allow = () => false, viewport, ...options } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(() => {
    window.__zh = [];
    for (const type of ['zh-search-results', 'zh-search-error']) {
      window.addEventListener(type, (e) => window.__zh.push({ type, ...e.detail, error: undefined }));
    }
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !allow(msg.text(), msg.location().url)) {
      problems.push(`console error on ${page.url()}: ${msg.text()} (${msg.location().url})`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  if (url) await page.goto(url);
  return { context, page };
}

/** The widget's events so far: [{type, query, total, elapsedMs, offset} | {type, message}]. */
export const events = (page) => page.evaluate(() => window.__zh);

/** Waits until the widget has rendered results for `query`. */
export async function waitForResults(page, query) {
  await page.waitForFunction((q) => window.__zh.some((e) => e.type === 'zh-search-results' && e.query === q), query);
}

/** Types `query` into the (first) widget and waits for its results. */
export async function search(page, query) {
  await page.evaluate(() => { window.__zh.length = 0; });
  await page.locator('zh-search [part=input]').first().fill(query);
  await waitForResults(page, query);
}

// Runs `action` and waits for the results it brings: a zh-search-results event (none of those
// before it) for which `until(detail)` holds, checked here as each event arrives.
export async function resultsOf(page, action, until = () => true) {
  await page.evaluate(() => { window.__zh.length = 0; });
  await action();
  for (let seen = 0; ;) {
    await page.waitForFunction((n) => window.__zh.filter((e) => e.type === 'zh-search-results').length > n, seen);
    const all = (await page.evaluate(() => window.__zh)).filter((e) => e.type === 'zh-search-results');
    if (all.slice(seen).some(until)) return;
    seen = all.length;
  }
}

/** The (first) element's filter chip for `value`, and its search box. */
export const chip = (page, value) => page.locator('zh-search [part=chip]').filter({ has: page.locator(`.value:text-is("${value}")`) });
export const box = (page) => page.locator('zh-search [part=input]');

export async function waitForError(page) {
  await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-error'));
}

/** Waits for the index to be loaded (the element's `ready` promise). */
export async function ready(page, selector = 'zh-search') {
  await page.evaluate(async (sel) => {
    await customElements.whenDefined('zh-search');
    await document.querySelector(sel).ready;
  }, selector);
}

/** What the widget shows, read from its shadow root. */
export function widgetState(page, selector = 'zh-search') {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const input = root.querySelector('[part=input]');
    const visible = (node) => !node.hidden && node.getClientRects().length > 0;
    const error = root.querySelector('[part=error]');
    const notice = root.querySelector('[part=notice]');
    return {
      value: input.value,
      focused: root.activeElement === input && document.activeElement === root.host,
      expanded: input.getAttribute('aria-expanded'),
      activedescendant: input.getAttribute('aria-activedescendant'),
      status: root.querySelector('[part=status]').textContent,
      live: root.querySelector('[aria-live]').textContent,
      notice: visible(notice) ? notice.textContent : null,
      error: visible(error) ? error.textContent : null,
      more: visible(root.querySelector('[part=more]')),
      options: [...root.querySelectorAll('[role=option]')].map((li) => ({
        id: li.id,
        selected: li.getAttribute('aria-selected'),
        title: li.querySelector('[part=title]').textContent,
        // Options hold no links: the option itself opens its result (data-href).
        href: li.dataset.href ?? null,
        links: li.querySelectorAll('a, button, input, [tabindex]').length,
        snippet: li.querySelector('[part=snippet]').textContent,
        marks: [...li.querySelectorAll('[part=snippet] mark')].map((m) => m.textContent),
        titleMarks: [...li.querySelectorAll('[part=title] mark')].map((m) => m.textContent),
      })),
    };
  }, selector);
}
