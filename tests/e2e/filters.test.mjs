// End-to-end tests of <zh-search>'s filters (栏目 and tags chips with counts), date range,
// order toggle and browse mode, with the state in the page URL (shared links, reload, Back),
// on a single index file and on a split index built from the same articles
// (tests/fixtures/portal/articles.jsonl, indexed with --filter-field 栏目).
// No test waits for a time: each waits for a state or an event.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, WWW, FIXTURES, box, chip, launch, openPage, resultsOf as results, startServer, zhsearch } from './helpers.js';

const CLI = path.join(ROOT, 'target/release/zhsearch');
const ARTICLES = path.join(FIXTURES, 'portal/articles.jsonl');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const T = { timeout: 60_000 };

// The fixture's articles newest first, by title.
const TITLES = {
  p01: '全市召开燃气安全专项整治部署会', // 2024-03-12 要闻 安全生产
  p08: '春节期间燃气安全提示', // 2024-02-01 通知公告 安全生产
  p02: '关于开展燃气安全入户检查的通知', // 2024-01-08 通知公告 安全生产 通知
  p07: '市领导调研社区养老服务', // 2024-01-04 要闻
  p03: '《城镇燃气管理条例》修订要点解读', // 2023-11-20 政策解读 政策
  p04: '乡村振兴工作推进会在县城召开', // 2023-06-05 要闻 乡村振兴
  p05: '关于2023年度乡村振兴项目申报的通知', // 2023-02-15 通知公告 乡村振兴 通知
  p06: '一图读懂乡村振兴促进法', // 2022-09-01 政策解读 乡村振兴 政策
};
const titles = (...ids) => ids.map((id) => TITLES[id]);

// What the element shows: chips per field, order, dates, results, status, live region, focus.
function state(page) {
  return page.evaluate(() => {
    const root = document.querySelector('zh-search').shadowRoot;
    const chips = {};
    for (const g of root.querySelectorAll('[part=group]')) {
      const name = root.getElementById(g.getAttribute('aria-labelledby')).textContent;
      chips[name] = Object.fromEntries([...g.querySelectorAll('[part=chip]')].map((b) => [
        b.querySelector('.value').textContent,
        `${b.querySelector('[part=count]').textContent}${b.getAttribute('aria-pressed') === 'true' ? '*' : ''}`,
      ]));
    }
    const dates = [...root.querySelectorAll('[part=date]')];
    const active = root.activeElement;
    return {
      chips,
      sort: [...root.querySelectorAll('[part=sort]')].find((b) => b.getAttribute('aria-pressed') === 'true')?.dataset.sort ?? null,
      dates: dates.map((d) => d.value),
      invalid: dates.map((d) => d.getAttribute('aria-invalid') === 'true'),
      dateError: root.querySelector('.date-error:not([hidden])')?.textContent ?? null,
      value: root.querySelector('[part=input]').value,
      titles: [...root.querySelectorAll('[role=option] [part=title]')].map((t) => t.textContent),
      meta: [...root.querySelectorAll('[role=option]')].map((li) => li.querySelector('[part=meta]')?.textContent ?? null),
      status: root.querySelector('[part=status]').textContent,
      live: root.querySelector('[aria-live]').textContent,
      reset: !root.querySelector('[part=reset]').hidden,
      focus: document.activeElement === root.host ? (active?.getAttribute('part') ?? active?.tagName) + (active?.dataset?.value ? `:${active.dataset.value}` : active?.dataset?.sort ? `:${active.dataset.sort}` : '') : document.activeElement?.tagName,
      params: [...new URLSearchParams(location.search)],
    };
  });
}

const sortButton = (page, sort) => page.locator(`zh-search [part=sort][data-sort="${sort}"]`);
const dateBox = (page, name) => page.locator(`zh-search [part=date][name=${name}]`);
// The whole index's chips have arrived (counted before anything is searched).
const chipsReady = (page) => page.waitForFunction(() => document.querySelector('zh-search')?.shadowRoot.querySelectorAll('[part=chip]').length >= 7);

describe('zh-search filters, dates and order', { timeout: 600_000 }, () => {
  let dir, site, browser;
  const problems = [];

  before(async () => {
    if (!fs.existsSync(path.join(WWW, 'pkg/zhsearch_widget_bg.wasm'))) throw new Error('www/pkg is missing: run scripts/build-wasm.sh');
    if (!fs.existsSync(CLI)) throw new Error('target/release/zhsearch is missing: cargo build --release -p zhsearch');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-filters-'));
    zhsearch(['index', '-q', ARTICLES, '-o', path.join(dir, 'portal.zhs'), '--filter-field', '栏目']);
    zhsearch(['index', '-q', ARTICLES, '--split', path.join(dir, 'portal-split'), '--filter-field', '栏目']);
    // A host page with parameters of its own named like the element's: url-prefix keeps them apart.
    fs.writeFileSync(path.join(dir, 'prefixed.html'), `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>前缀</title>
<link rel="icon" href="/favicon.svg"><script type="module" src="/zh-search.js"></script></head><body><main><h1>前缀</h1>
<zh-search index="/build/portal.zhs" filters="栏目" sort url-param="s.q" url-prefix="s."></zh-search></main></body></html>`);
    site = await startServer({ '/': WWW, '/fixtures/': FIXTURES, '/build/': dir }, { csp: true });
    browser = await launch();
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = (pathname, options) => openPage(browser, problems, site.url + pathname, { serviceWorkers: 'block', ...options });

  for (const [kind, pathname] of [['single file', '/fixtures/pages/portal.html'], ['split index', '/fixtures/pages/portal-split.html']]) {
    test(`${kind}: a 栏目 chip with an empty box lists its articles newest first; counts follow the query and the other field; OR within a field`, T, async () => {
      const { context, page } = await open(pathname);
      try {
        await chipsReady(page);
        let s = await state(page);
        // before anything is searched: the whole index's counts, no results
        assert.deepEqual(s.chips, {
          栏目: { 要闻: '3', 通知公告: '3', 政策解读: '2' },
          标签: { 乡村振兴: '3', 安全生产: '3', 政策: '2', 通知: '2' },
        });
        assert.deepEqual(s.titles, []);
        assert.equal(s.reset, false);
        // browse: a chip with nothing typed lists the 栏目's articles, newest first
        await results(page, () => chip(page, '通知公告').click());
        s = await state(page);
        assert.deepEqual(s.titles, titles('p08', 'p02', 'p05'));
        assert.equal(s.status, '找到 3 篇');
        assert.equal(s.live, '找到 3 篇', 'announced');
        assert.equal(s.focus, 'chip:通知公告', 'focus stays on the chip');
        assert.deepEqual(s.params, [['栏目', '通知公告']]);
        // a field's own counts ignore its choice; the other field's count within it
        assert.deepEqual(s.chips.栏目, { 要闻: '3', 通知公告: '3*', 政策解读: '2' });
        assert.deepEqual(s.chips.标签, { 乡村振兴: '1', 安全生产: '2', 政策: '0', 通知: '2' });
        assert.equal(s.reset, true);
        // a query: the counts are those of its matches
        await results(page, () => box(page).fill('燃气安全'), (d) => d.query === '燃气安全');
        s = await state(page);
        assert.deepEqual(s.titles.sort(), titles('p08', 'p02').sort());
        assert.deepEqual(s.chips.栏目, { 要闻: '1', 通知公告: '2*', 政策解读: '0' });
        assert.deepEqual(s.chips.标签, { 乡村振兴: '0', 安全生产: '2', 政策: '0', 通知: '1' });
        // two values of one field: either
        await results(page, () => chip(page, '要闻').click());
        s = await state(page);
        assert.equal(s.titles.length, 3);
        assert.deepEqual(new Set(s.titles), new Set(titles('p01', 'p08', 'p02')));
        // and a tag (another field): both
        await results(page, () => chip(page, '通知').click());
        s = await state(page);
        assert.deepEqual(s.titles, titles('p02'));
        assert.deepEqual(s.chips.栏目, { 要闻: '0*', 通知公告: '1*', 政策解读: '0' }, 'a chosen value keeps its chip at 0');
        // metadata the page asks for (meta="author"), compactly
        assert.deepEqual(s.meta, ['author：市城管局']);
      } finally {
        await context.close();
      }
    });
  }

  test('newest first, then reload with the URL, then Back undoes one choice at a time', T, async () => {
    const { context, page } = await open('/fixtures/pages/portal.html');
    try {
      await chipsReady(page);
      await results(page, () => box(page).fill('乡村振兴'), (d) => d.query === '乡村振兴');
      let s = await state(page);
      assert.equal(s.sort, 'relevance');
      assert.deepEqual(new Set(s.titles), new Set(titles('p04', 'p05', 'p06')));
      await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '乡村振兴');
      const length = await page.evaluate(() => history.length);
      // 栏目 (a history entry), then 最新 (another)
      await results(page, () => chip(page, '要闻').click());
      await results(page, () => chip(page, '通知公告').click());
      await results(page, () => sortButton(page, '-date').click());
      s = await state(page);
      assert.deepEqual(s.titles, titles('p04', 'p05'), 'newest first');
      assert.equal(s.sort, '-date');
      assert.equal(s.focus, 'sort:-date');
      assert.deepEqual(s.params, [['q', '乡村振兴'], ['栏目', '要闻'], ['栏目', '通知公告'], ['sort', '-date']]);
      assert.equal(await page.evaluate(() => history.length), length + 3);
      // a reload restores all of it
      await results(page, () => page.reload());
      s = await state(page);
      assert.equal(s.value, '乡村振兴');
      assert.equal(s.sort, '-date');
      assert.deepEqual(s.titles, titles('p04', 'p05'));
      assert.equal(s.chips.栏目.要闻.endsWith('*') && s.chips.栏目.通知公告.endsWith('*'), true, JSON.stringify(s.chips));
      // Back: relevance again, same 栏目
      await results(page, () => page.goBack(), (d) => d.narrowing.sort === 'relevance');
      s = await state(page);
      assert.equal(s.sort, 'relevance');
      assert.deepEqual(s.params, [['q', '乡村振兴'], ['栏目', '要闻'], ['栏目', '通知公告']]);
      assert.deepEqual(new Set(s.titles), new Set(titles('p04', 'p05')));
      // Back: one 栏目 less
      await results(page, () => page.goBack(), (d) => !d.narrowing.filters.栏目?.includes('通知公告'));
      s = await state(page);
      assert.deepEqual(s.titles, titles('p04'));
      assert.deepEqual(s.chips.栏目, { 要闻: '1*', 通知公告: '1', 政策解读: '1' });
      // Back: none, the query as typed
      await results(page, () => page.goBack(), (d) => Object.keys(d.narrowing.filters).length === 0);
      s = await state(page);
      assert.equal(s.titles.length, 3);
      assert.equal(s.reset, false);
      assert.deepEqual(s.params, [['q', '乡村振兴']]);
      // Forward again: 要闻 is back
      await results(page, () => page.goForward(), (d) => d.narrowing.filters.栏目?.length === 1);
      assert.deepEqual((await state(page)).titles, titles('p04'));
    } finally {
      await context.close();
    }
  });

  test('a shared URL opens filtered; 清除筛选 clears every choice and leaves focus in the box', T, async () => {
    const url = `/fixtures/pages/portal-split.html?${new URLSearchParams([['栏目', '政策解读'], ['after', '2023'], ['sort', '-date'], ['other', 'kept']])}`;
    const { context, page } = await open(url);
    try {
      await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results'));
      let s = await state(page);
      assert.deepEqual(s.titles, titles('p03'), 'browse: 政策解读 from 2023 on');
      assert.deepEqual(s.dates, ['2023', '']);
      assert.equal(s.sort, '-date');
      await page.locator('zh-search [part=reset]').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('[part=reset]').hidden);
      s = await state(page);
      assert.equal(s.focus, 'input', 'focus goes to the box, not <body>');
      assert.deepEqual(s.titles, []);
      assert.deepEqual(s.dates, ['', '']);
      assert.equal(s.sort, 'relevance');
      await page.waitForFunction(() => location.search === '?other=kept');
    } finally {
      await context.close();
    }
  });

  test('url-prefix: the element reads and writes only its own prefixed parameters', T, async () => {
    const query = new URLSearchParams([['s.q', '燃气'], ['s.栏目', '要闻'], ['栏目', 'host'], ['sort', 'host'], ['q', 'host']]);
    const { context, page } = await open(`/build/prefixed.html?${query}`);
    try {
      await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results'));
      let s = await state(page);
      assert.deepEqual(s.titles, titles('p01'));
      assert.equal(s.value, '燃气');
      await results(page, () => sortButton(page, '-date').click());
      await results(page, () => chip(page, '通知公告').click());
      s = await state(page);
      assert.deepEqual(s.titles, titles('p01', 'p08', 'p02'));
      assert.deepEqual(s.params.sort(), [['q', 'host'], ['s.q', '燃气'], ['s.sort', '-date'], ['s.栏目', '要闻'], ['s.栏目', '通知公告'], ['sort', 'host'], ['栏目', 'host']]);
    } finally {
      await context.close();
    }
  });

  test('date range: a year, a month or a day; a box holding no date says so and changes nothing', T, async () => {
    const { context, page } = await open('/fixtures/pages/portal.html');
    try {
      await chipsReady(page);
      // browse by date alone: from 2024 on, newest first
      await results(page, async () => { await dateBox(page, 'after').fill('2024'); await dateBox(page, 'after').press('Enter'); });
      let s = await state(page);
      assert.deepEqual(s.titles, titles('p01', 'p08', 'p02', 'p07'));
      assert.deepEqual(s.params, [['after', '2024']]);
      assert.equal(s.focus, 'date');
      assert.deepEqual(s.chips.栏目, { 要闻: '2', 通知公告: '2', 政策解读: '0' });
      // up to January 2024 (inclusive: the whole month), typed as Chinese sites print it
      await results(page, async () => { await dateBox(page, 'before').fill('2024年1月'); await dateBox(page, 'before').press('Tab'); });
      s = await state(page);
      assert.deepEqual(s.titles, titles('p02', 'p07'));
      assert.deepEqual(s.params, [['after', '2024'], ['before', '2024-01']]);
      // with a query, in relevance order by default
      await results(page, () => box(page).fill('燃气'), (d) => d.query === '燃气');
      assert.deepEqual((await state(page)).titles, titles('p02'));
      // a day
      await results(page, async () => { await dateBox(page, 'after').fill('2024-01-08'); await dateBox(page, 'after').press('Enter'); });
      assert.deepEqual((await state(page)).titles, titles('p02'));
      await results(page, async () => { await dateBox(page, 'after').fill('2024-01-09'); await dateBox(page, 'after').press('Enter'); });
      s = await state(page);
      assert.deepEqual(s.titles, []);
      assert.equal(s.status, '所选范围内没有找到与“燃气”相关的文章');
      // not a date: marked, said, and the bound stays as it was
      await dateBox(page, 'before').fill('2024-13');
      await dateBox(page, 'before').press('Enter');
      await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('[part=date][name=before]').getAttribute('aria-invalid') === 'true');
      s = await state(page);
      assert.deepEqual(s.invalid, [false, true]);
      assert.match(s.dateError, /“2024-13”不是日期/);
      assert.equal(s.live, s.dateError, 'announced');
      assert.deepEqual(s.params.sort(), [['after', '2024-01-09'], ['before', '2024-01'], ['q', '燃气']]);
      // the error is described on the box
      const described = await dateBox(page, 'before').evaluate((input) => input.getAttribute('aria-describedby').split(' ')
        .map((id) => input.getRootNode().getElementById(id).textContent).join(' '));
      assert.match(described, /2024-01-04/);
      assert.match(described, /不是日期/);
      // emptying a box drops its bound
      await results(page, async () => { await dateBox(page, 'before').fill(''); await dateBox(page, 'before').press('Enter'); });
      await results(page, async () => { await dateBox(page, 'after').fill(''); await dateBox(page, 'after').press('Enter'); });
      s = await state(page);
      assert.deepEqual(s.invalid, [false, false]);
      assert.equal(s.dateError, null);
      assert.deepEqual(s.params, [['q', '燃气']]);
      assert.equal(s.titles.length, 4);
    } finally {
      await context.close();
    }
  });

  test('keyboard: Tab reaches chips, dates and order; Space and Enter choose; emptying the box browses', T, async () => {
    const { context, page } = await open('/fixtures/pages/portal.html');
    try {
      await chipsReady(page);
      await box(page).focus();
      await page.keyboard.press('Tab');
      assert.equal((await state(page)).focus, 'chip:要闻');
      await results(page, () => page.keyboard.press('Space'));
      let s = await state(page);
      assert.deepEqual(s.titles, titles('p01', 'p07', 'p04'));
      assert.equal(s.focus, 'chip:要闻');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal((await state(page)).focus, 'chip:乡村振兴');
      await results(page, () => page.keyboard.press('Enter'));
      s = await state(page);
      assert.deepEqual(s.titles, titles('p04'));
      assert.equal(s.focus, 'chip:乡村振兴');
      // a query, then the box emptied (Esc twice): the filters' list again, not nothing
      await results(page, () => box(page).fill('推进会'), (d) => d.query === '推进会');
      await box(page).press('Escape');
      await results(page, () => box(page).press('Escape'), (d) => d.browse);
      s = await state(page);
      assert.equal(s.value, '');
      assert.deepEqual(s.titles, titles('p04'));
      // choosing the last chip off again with an empty box: no list, nothing searched
      await chip(page, '乡村振兴').click();
      await chip(page, '要闻').click();
      await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelectorAll('[role=option]').length === 0);
      s = await state(page);
      assert.equal(s.focus, 'chip:要闻');
      assert.equal(s.status, '');
      assert.deepEqual(s.chips.栏目, { 要闻: '3', 通知公告: '3', 政策解读: '2' }, 'the whole index counts again');
    } finally {
      await context.close();
    }
  });

  test('languages: zh-Hant and en labels, counts said with their unit', T, async () => {
    const { context, page } = await open('/fixtures/pages/portal.html');
    try {
      await chipsReady(page);
      const labels = () => page.evaluate(() => {
        const root = document.querySelector('zh-search').shadowRoot;
        return {
          groups: [...root.querySelectorAll('[role=group]')].map((g) => root.getElementById(g.getAttribute('aria-labelledby')).textContent),
          dates: [...root.querySelectorAll('label.date')].map((l) => l.textContent),
          sort: [...root.querySelectorAll('[part=sort]')].map((b) => b.textContent),
          chip: root.querySelector('[part=chip]').textContent,
          filters: root.querySelector('[part=filters]').getAttribute('aria-label'),
        };
      });
      assert.deepEqual(await labels(), { groups: ['栏目', '标签', '日期', '排序'], dates: ['起', '止'], sort: ['相关度', '最新'], chip: '要闻3（3 篇）', filters: '筛选' });
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'zh-Hant'));
      assert.deepEqual(await labels(), { groups: ['栏目', '標籤', '日期', '排序'], dates: ['起', '迄'], sort: ['相關度', '最新'], chip: '要闻3（3 篇）', filters: '篩選' });
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'en'));
      assert.deepEqual(await labels(), { groups: ['栏目', 'Tags', 'Date', 'Sort by'], dates: ['From', 'To'], sort: ['Relevance', 'Newest'], chip: '要闻3 (3 articles)', filters: 'Filters' });
      // a Chinese field name and values stay marked as Chinese in an English UI
      assert.equal(await page.evaluate(() => {
        const root = document.querySelector('zh-search').shadowRoot;
        return [root.querySelector('[part=group] .label').lang, root.querySelector('[part=chip] .value').lang].join();
      }), 'zh,zh');
      await results(page, () => chip(page, '政策解读').click());
      assert.equal((await state(page)).status, '2 results');
      await results(page, async () => { await box(page).fill('养老'); });
      assert.equal((await state(page)).status, 'No articles match “养老” with these filters');
    } finally {
      await context.close();
    }
  });

  test('360 px touch screen: 44 px chips, date boxes and order buttons, nothing wider than the screen; axe-core: zero violations (light, dark)', T, async () => {
    for (const options of [{ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }, { colorScheme: 'dark' }]) {
      const { context, page } = await open('/fixtures/pages/portal.html', options);
      try {
        await chipsReady(page);
        await results(page, () => chip(page, '要闻').click());
        await results(page, () => box(page).fill('会'), (d) => d.query === '会');
        const sizes = await page.evaluate(() => {
          const root = document.querySelector('zh-search').shadowRoot;
          return [...root.querySelectorAll('[part=chip], [part=sort], [part=date], [part=reset]')].map((b) => {
            const r = b.getBoundingClientRect();
            return { name: b.textContent || b.name, width: r.width, height: r.height, right: r.right };
          });
        });
        for (const s of sizes) {
          assert.ok(s.height >= 44 && s.width >= 44, JSON.stringify(s));
          if (options.isMobile) assert.ok(s.right <= 360, JSON.stringify(s));
        }
        if (options.isMobile) assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 360);
        await page.evaluate(AXE);
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`);
        });
        assert.deepEqual(violations, [], JSON.stringify(options));
      } finally {
        await context.close();
      }
    }
  });

  test('forced colors: a chosen chip is filled with the system highlight and marked ✓, not by color alone', T, async () => {
    const { context, page } = await open('/fixtures/pages/portal.html', { forcedColors: 'active' });
    try {
      await chipsReady(page);
      await results(page, () => chip(page, '要闻').click());
      const look = await page.evaluate(() => {
        const root = document.querySelector('zh-search').shadowRoot;
        const on = root.querySelector('[part=chip][aria-pressed=true]');
        const off = root.querySelector('[part=chip][aria-pressed=false]');
        return {
          on: getComputedStyle(on).backgroundColor, off: getComputedStyle(off).backgroundColor,
          mark: getComputedStyle(on, '::before').content,
        };
      });
      assert.notEqual(look.on, look.off);
      assert.equal(look.mark, '"✓"');
    } finally {
      await context.close();
    }
  });

  test('no console errors or uncaught page errors in any test', () => {
    assert.deepEqual(problems, []);
  });
});
