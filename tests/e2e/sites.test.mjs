// End-to-end tests of <zh-search> over several sites: a county portal's single index file and a
// township's split index (tests/fixtures/portal/articles.jsonl and town.jsonl) searched as one
// list, ranked as one index of all their articles ranks them, each result naming its site, with
// site chips (counts, narrowing, the page URL). No test waits for a time: each waits for a state
// or an event.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, WWW, FIXTURES, box, chip, launch, openPage, resultsOf, startServer, zhsearch } from './helpers.js';

const CLI = path.join(ROOT, 'target/release/zhsearch');
const COUNTY = path.join(FIXTURES, 'portal/articles.jsonl');
const TOWN = path.join(FIXTURES, 'portal/town.jsonl');
const T = { timeout: 60_000 };

// What the element shows: each result's title and site, the chips, the status and the URL.
function state(page) {
  return page.evaluate(() => {
    const root = document.querySelector('zh-search').shadowRoot;
    const chips = {};
    for (const g of root.querySelectorAll('[part=group]')) {
      if (g.hidden) continue;
      const name = root.getElementById(g.getAttribute('aria-labelledby')).textContent;
      chips[name] = Object.fromEntries([...g.querySelectorAll('[part=chip]')].map((b) => [
        b.querySelector('.value').textContent,
        `${b.querySelector('[part=count]').textContent}${b.getAttribute('aria-pressed') === 'true' ? '*' : ''}`,
      ]));
    }
    return {
      chips,
      results: [...root.querySelectorAll('[role=option]')].map((li) => [
        li.querySelector('[part=title]').textContent,
        // (its visible text: the label; screen readers also hear the field's name before it)
        [...(li.querySelector('[part=site]')?.childNodes ?? [])].filter((n) => !n.classList?.contains('sr')).map((n) => n.textContent).join('') || null,
      ]),
      // What a screen reader hears as each result's description.
      described: [...root.querySelectorAll('[role=option]')].map((li) =>
        li.getAttribute('aria-describedby').split(' ').map((id) => root.getElementById(id)?.textContent)),
      status: root.querySelector('[part=status]').textContent,
      params: [...new URLSearchParams(location.search)],
    };
  });
}

const chipsReady = (page) => page.waitForFunction(() => document.querySelector('zh-search')?.shadowRoot.querySelectorAll('[part=chip]').length >= 6);

describe('zh-search over several sites', { timeout: 300_000 }, () => {
  let dir, site, browser;
  const problems = [];
  // The order one index of both sites' articles gives, and each title's site.
  let joined;
  const siteOf = {};

  before(async () => {
    if (!fs.existsSync(path.join(WWW, 'pkg/zhsearch_widget_bg.wasm'))) throw new Error('www/pkg is missing: run scripts/build-wasm.sh');
    if (!fs.existsSync(CLI)) throw new Error('target/release/zhsearch is missing: cargo build --release -p zhsearch');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-sites-'));
    zhsearch(['index', '-q', COUNTY, '-o', path.join(dir, 'portal.zhs'), '--filter-field', '栏目']);
    zhsearch(['index', '-q', TOWN, '--split', path.join(dir, 'town-split'), '--filter-field', '栏目']);
    zhsearch(['index', '-q', COUNTY, TOWN, '-o', path.join(dir, 'joined.zhs'), '--filter-field', '栏目']);
    joined = (q) => JSON.parse(zhsearch(['search', path.join(dir, 'joined.zhs'), q, '--json', '--limit', '5'])).hits.map((h) => h.title);
    for (const [file, label] of [[COUNTY, '县政府'], [TOWN, '城关镇']]) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) siteOf[JSON.parse(line).title] = label;
    }
    site = await startServer({ '/': WWW, '/fixtures/': FIXTURES, '/build/': dir }, { csp: true });
    browser = await launch();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = (pathname) => openPage(browser, problems, site.url + pathname, { serviceWorkers: 'block' });

  test('one list ranked as one index of both sites ranks it, each result naming its site', T, async () => {
    const { context, page } = await open('/fixtures/pages/sites.html');
    try {
      await chipsReady(page);
      let s = await state(page);
      assert.deepEqual(s.chips.站点, { 县政府: '8', 城关镇: '3' }, 'site chips count the whole of each site');
      assert.equal(s.chips.栏目.镇务动态, '2', "the town's own 栏目 is offered too");
      await resultsOf(page, () => box(page).fill('燃气安全'), (d) => d.query === '燃气安全');
      s = await state(page);
      const expected = joined('燃气安全');
      // The town's story, alone with the words three times, comes first: searched apart, the
      // county's (a larger index, other word frequencies) would score above it.
      assert.equal(expected[0], '城关镇燃气安全宣传进社区');
      assert.deepEqual(s.results.map(([title]) => title), expected);
      assert.deepEqual(s.results.map(([, label]) => label), expected.map((t) => siteOf[t]));
      assert.ok(s.described.every((d, i) => d.includes(`站点：${siteOf[expected[i]]}`)), JSON.stringify(s.described));
      assert.equal(s.status, '找到 5 篇');
      assert.deepEqual(s.chips.站点, { 县政府: '3', 城关镇: '2' });
    } finally {
      await context.close();
    }
  });

  test('a site chip keeps that site; the URL holds it, and a reload and Back restore it', T, async () => {
    const { context, page } = await open('/fixtures/pages/sites.html');
    try {
      await chipsReady(page);
      await resultsOf(page, () => box(page).fill('燃气安全'), (d) => d.query === '燃气安全');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '燃气安全');
      await resultsOf(page, () => chip(page, '城关镇').click());
      let s = await state(page);
      assert.deepEqual(s.results, [['城关镇燃气安全宣传进社区', '城关镇'], ['关于城关镇老旧小区改造的公示', '城关镇']]);
      assert.deepEqual(s.chips.站点, { 县政府: '3', 城关镇: '2*' }, "the site field's own counts ignore its choice");
      assert.deepEqual(s.params, [['q', '燃气安全'], ['site', '城关镇']]);
      await resultsOf(page, () => page.reload());
      await chipsReady(page);
      s = await state(page);
      assert.deepEqual(s.results.map(([, label]) => label), ['城关镇', '城关镇']);
      assert.equal(s.chips.站点.城关镇, '2*');
      await resultsOf(page, () => page.goBack(), (d) => !d.narrowing.filters.site?.length);
      s = await state(page);
      assert.equal(s.results.length, 5);
      // With nothing typed, a site chip lists that site's articles, newest first.
      await box(page).fill('');
      await resultsOf(page, () => chip(page, '城关镇').click(), (d) => d.browse);
      s = await state(page);
      assert.deepEqual(s.results.map(([title]) => title),
        ['城关镇燃气安全宣传进社区', '城关镇召开春季农业生产会议', '关于城关镇老旧小区改造的公示']);
    } finally {
      await context.close();
    }
  });

  test('no console errors', () => {
    assert.deepEqual(problems, []);
  });
});
