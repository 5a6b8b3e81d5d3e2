// End-to-end tests of a split index on the demo page (/?index=/build/split/): the same
// results as the built-in articles, paging, failing and corrupted fragments, offline after
// the background download of the compact form, and deploys while the page is open.
// Nothing here waits a fixed time: every step waits for an event or a state.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ROOT, WWW, FIXTURES, launch, openPage, startServer, search, ready, widgetState, waitForError,
} from './helpers.js';

const CLI = path.join(ROOT, 'target/release/zhsearch');
const T = { timeout: 60_000 };

function index(inputs, dir) {
  // (--url-base as build.rs gives the built-in articles: the demo's reader pages)
  const r = spawnSync(CLI, ['index', '-q', '--url-base', 'read/', ...inputs, '--split', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const results = (page, query) => page.evaluate((q) => window.__zh.find((e) => e.type === 'zh-search-results' && e.query === q), query);

describe('split index', { timeout: 300_000 }, () => {
  let dir, site, browser;
  const problems = [];
  const faults = new Map(); // pathname prefix -> fault
  const intercept = (pathname) => {
    for (const [prefix, fault] of faults) if (pathname.startsWith(prefix)) return fault;
    return null;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-split-'));
    index([path.join(ROOT, 'articles')], path.join(dir, 'split'));
    site = await startServer({ '/': WWW, '/fixtures/': FIXTURES, '/build/': dir }, { csp: true, intercept });
    browser = await launch();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Failed fetches are logged by the browser; the tests below cause them on purpose.
  const allow = (text) => /Failed to load resource/.test(text);
  // No service worker here (the offline test has its own): the compact form would answer
  // everything once downloaded, and no fragment would be fetched any more.
  const open = (url, options) => openPage(browser, problems, site.url + url, { allow, serviceWorkers: 'block', ...options });

  test('the same results as the built-in articles, fetching only what a query needs', T, async () => {
    const queries = ['刘万玺', '乡村振兴', '"五星"支部', '志愿服务 -南乐', '的', '南乐县乡村振兴工作'];
    const answers = {};
    for (const url of ['/', '/?index=/build/split/']) {
      const before = site.requests.length;
      const { context, page } = await open(url);
      try {
        await ready(page);
        let first;
        for (const q of queries) {
          await search(page, q);
          first ??= await results(page, q);
          const s = await widgetState(page);
          answers[q] ??= s.options;
          assert.deepEqual(s.options, answers[q], `${url} ${q}`);
          assert.ok(s.options.length > 0, q);
        }
        const fetched = site.requests.slice(before);
        if (url !== '/') {
          // The split page never downloads the module with the built-in articles, nor the
          // compact file (no service worker in this context's first visit yet).
          assert.ok(!fetched.some((r) => r.startsWith('/pkg-embedded/')), fetched.join(' '));
          assert.ok(fetched.includes('/pkg/zhsearch_widget_bg.wasm'));
          assert.ok(fetched.includes('/build/split/zhsearch.entry'));
          assert.ok(fetched.some((r) => r.endsWith('.zpk')));
          assert.ok(!fetched.some((r) => r.endsWith('.zhs')), 'the compact file is not fetched');
          assert.ok(first.fetched.bytes > 0 && first.fetched.rounds <= 3, JSON.stringify(first.fetched));
        }
      } finally {
        await context.close();
      }
    }
  });

  test('more results: each page fetches its own documents, the total stays exact', T, async () => {
    const { context, page } = await open('/?index=/build/split/');
    try {
      await ready(page);
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '2'));
      await search(page, '社区'); // 9 stories on the five pages
      const texts = () => site.requests.filter((r) => r.includes('/split/text-')).length;
      let s = await widgetState(page);
      assert.equal(s.options.length, 2);
      assert.ok(s.more);
      const seen = new Set(s.options.map((o) => o.title + o.snippet));
      for (const want of [4, 6, 8, 9]) {
        const before = texts();
        await page.evaluate(() => { window.__zh.length = 0; });
        await page.locator('zh-search [part=more]').click();
        await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results'));
        s = await widgetState(page);
        assert.equal(s.options.length, want);
        assert.ok(texts() > before, 'the new hits\' documents were fetched');
        const r = await page.evaluate(() => window.__zh.find((e) => e.type === 'zh-search-results'));
        assert.equal(r.total, 9);
        assert.equal(r.pages, 5);
        for (const o of s.options.slice(-2)) seen.add(o.title + o.snippet);
      }
      assert.equal(seen.size, 9, 'no hit twice');
      assert.equal(s.more, false);
    } finally {
      await context.close();
    }
  });

  test('a fragment that fails to load fails that query with a retryable message', T, async () => {
    const { context, page } = await open('/?index=/build/split/');
    try {
      await ready(page);
      await search(page, '乡村振兴'); // works: documents of these hits are now kept
      faults.set('/build/split/text-', { status: 503 });
      faults.set('/build/split/lists-', { status: 503 });
      await page.evaluate(() => { window.__zh.length = 0; });
      await page.locator('zh-search [part=input]').fill('刘万玺');
      await waitForError(page);
      let s = await widgetState(page);
      assert.match(s.error, /^部分搜索索引未能加载：.*HTTP 503.*请检查网络后重试/);
      assert.equal(s.options.length, 0, 'nothing partial is shown as complete');
      assert.equal(await page.locator('zh-search [part=error]').getAttribute('role'), 'alert');
      // The query asked again once the fragments can be fetched: results.
      faults.clear();
      await page.evaluate(() => { window.__zh.length = 0; });
      await page.locator('zh-search [part=input]').press('Enter');
      await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results' && e.query === '刘万玺'));
      s = await widgetState(page);
      assert.equal(s.error, null);
      assert.equal(s.options.length, 1);
    } finally {
      faults.clear();
      await context.close();
    }
  });

  test('a corrupted fragment is refused, named, and not kept', T, async () => {
    const { context, page } = await open('/?index=/build/split/');
    try {
      await ready(page);
      // The query's dictionary slots, which carry its lists here (the default articles' lists
      // all fit in their slots).
      faults.set('/build/split/dict-', { corrupt: true });
      await page.evaluate(() => { window.__zh.length = 0; });
      await page.locator('zh-search [part=input]').fill('五星支部');
      await waitForError(page);
      const s = await widgetState(page);
      assert.match(s.error, /^搜索出错：.*dict-[0-9a-f]{16}\.zpk@\d+\+\d+.*(checksum|inflate|corrupt)/);
      assert.equal(s.options.length, 0);
      // Asked again (Enter) once the bytes are good: the damaged copy was not kept.
      faults.clear();
      await page.evaluate(() => { window.__zh.length = 0; });
      await page.locator('zh-search [part=input]').press('Enter');
      await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results'));
      assert.ok((await widgetState(page)).options.length > 0);
    } finally {
      faults.clear();
      await context.close();
    }
  });

  test('a deploy while the page is open: the old build keeps working, then the new one is taken up', T, async () => {
    const live = path.join(dir, 'live');
    index([path.join(ROOT, 'articles')], live);
    const { context, page } = await open('/?index=/build/live/');
    try {
      await ready(page);
      await search(page, '刘万玺');
      assert.equal((await widgetState(page)).options.length, 1);
      // Deploy 1: other articles. The previous build's parts stay, so the open page (still on
      // the old entry) keeps answering from the old build.
      index([path.join(FIXTURES, 'urls/articles.jsonl')], live);
      await search(page, '乡村振兴');
      assert.ok((await widgetState(page)).options.length > 0);
      // Deploy 2: the first build's parts are removed. A query that needs a fragment the page
      // has not fetched yet meets a missing part: the page fetches the entry again and answers
      // from the newest build, as do the queries after it.
      index([path.join(FIXTURES, 'urls/articles.jsonl'), path.join(ROOT, 'articles/000_1f48cccaa077cdf6.txt')], live);
      await search(page, '龘靐齉 爩');
      await search(page, '社区志愿');
      const s = await widgetState(page);
      assert.equal(s.error, null);
      assert.ok(s.options.some((o) => o.title === '示例新闻三：社区志愿服务'), JSON.stringify(s.options));
    } finally {
      await context.close();
    }
  });

  test('offline after the background download of the compact form', T, async () => {
    // Its own server (own origin, so its own service worker).
    const own = await startServer({ '/': WWW, '/build/': dir }, { csp: true });
    const { context, page } = await openPage(browser, problems, `${own.url}/?index=/build/split/`, { allow });
    try {
      await ready(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.evaluate(() => {
        window.__offline = [];
        addEventListener('zh-search-offline', (e) => window.__offline.push(e.detail));
      });
      await search(page, '刘万玺');
      await page.waitForFunction(() => window.__offline.some((d) => d.ready));
      const progress = await page.evaluate(() => window.__offline.map((d) => d.progress));
      assert.ok(progress.length >= 1 && progress.at(-1) === 1, JSON.stringify(progress));
      assert.match((await widgetState(page)).status + '', /找到/);
      const line = await page.evaluate(() => document.querySelector('zh-search').shadowRoot.querySelector('[part=offline]').textContent);
      assert.equal(line, '已可离线搜索');
      // The pieces and their entry are in the cache that a new version of the site keeps.
      const stored = await page.evaluate(async () =>
        (await (await caches.open('zhsearch-offline')).keys()).map((r) => new URL(r.url).pathname));
      assert.ok(stored.includes('/build/split/zhsearch.entry'), JSON.stringify(stored));
      assert.ok(stored.some((p) => /^\/build\/split\/index-[0-9a-f]{16}-0\.zhs$/.test(p)), JSON.stringify(stored));
      // Fragments (range requests) are never stored by the service worker.
      const ranged = await page.evaluate(async () => {
        const found = [];
        for (const name of await caches.keys()) {
          for (const r of await (await caches.open(name)).keys()) if (/\.zpk/.test(r.url)) found.push(r.url);
        }
        return found;
      });
      assert.deepEqual(ranged, []);
      // Network off and the server gone: new queries, then a reload, still answer.
      await context.setOffline(true);
      await own.close();
      await search(page, '五星支部');
      assert.ok((await widgetState(page)).options.length > 0);
      await page.reload();
      await ready(page);
      await search(page, '志愿服务 -南乐');
      const s = await widgetState(page);
      assert.equal(s.error, null);
      assert.ok(s.options.length > 0);
    } finally {
      await context.close();
      await own.close();
    }
  });

  test('no console errors or uncaught page errors in any split test', () => {
    assert.deepEqual(problems, []);
  });
});
