// End-to-end tests of <zh-search> on the demo page and fixture pages, in headless Chromium.
// Run: node --test tests/e2e/   (needs www/pkg built and target/release/zhsearch; see package.json)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  WWW, buildFixtures, mounts, startServer, launch, openPage, events, waitForResults, waitForError,
  ready, widgetState, delay, search,
} from './helpers.js';

const T = { timeout: 30_000 };

describe('zh-search', { timeout: 300_000 }, () => {
  let buildDir, site, plainSite, browser;
  const problems = []; // console errors and page errors from every page (test "no console errors")

  before(async () => {
    buildDir = buildFixtures();
    // The demo site is served with a strict Content-Security-Policy, as a careful portal would;
    // the XSS page is served without one, so that only the widget stands between data and DOM.
    site = await startServer(mounts(buildDir), { csp: true });
    plainSite = await startServer(mounts(buildDir), { csp: false });
    browser = await launch();
  }, { timeout: 900_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    await plainSite?.close();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  const open = (pathname, options) => openPage(browser, problems, site.url + pathname, options);
  const box = (page) => page.locator('zh-search [part=input]').first();

  test('finds 刘万玺 across a line break and marks it', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '刘万玺');
      const s = await widgetState(page);
      assert.equal(s.options.length, 1);
      assert.deepEqual(s.options[0].marks, ['刘万玺']);
      assert.match(s.options[0].snippet, /局长刘万玺带领/);
      assert.equal(s.status, '找到 1 篇', 'no timing shown to visitors');
      assert.equal(s.expanded, 'true');
      const [ev] = await events(page);
      assert.equal(ev.query, '刘万玺');
      assert.equal(ev.total, 1);
      assert.equal(typeof ev.elapsedMs, 'number');
      // WAI-ARIA combobox wiring
      const aria = await page.locator('zh-search').evaluate((el) => {
        const input = el.shadowRoot.querySelector('[part=input]');
        const list = el.shadowRoot.getElementById(input.getAttribute('aria-controls'));
        return [input.getAttribute('role'), list?.getAttribute('role'), list?.firstElementChild.getAttribute('role')];
      });
      assert.deepEqual(aria, ['combobox', 'listbox', 'option']);
      // a polite live region (not the status line, which changes as one types) announces counts
      assert.equal(await page.locator('zh-search [part=status]').getAttribute('aria-live'), null);
      assert.equal(await page.locator('zh-search [aria-live=polite]').count(), 1);
      await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('[aria-live]').textContent === '找到 1 篇');
      // the Chinese font is there: a rendered mark has a real width
      const width = await page.locator('zh-search mark').first().evaluate((m) => m.getBoundingClientRect().width);
      assert.ok(width > 20, `mark width ${width}`);
    } finally {
      await context.close();
    }
  });

  test('relaxed notice, empty state, more results, languages', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '南乐县乡村振兴工作');
      let s = await widgetState(page);
      assert.match(s.notice, /^没有完全匹配的结果，以下包含：南乐县 .*工作$/);
      assert.ok(s.options.length > 0);

      await search(page, '没有这种内容qqq');
      s = await widgetState(page);
      assert.equal(s.options.length, 0);
      assert.equal(s.notice, null);
      assert.equal(s.status, '没有找到与“没有这种内容qqq”相关的文章');
      assert.equal(s.expanded, 'false');

      // limit=4: 9 stories on the 5 pages contain 社区, "more" appends the next pages
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '4'));
      await search(page, '社区');
      s = await widgetState(page);
      assert.equal(s.options.length, 4);
      assert.equal(s.status, '找到 9 篇（5 个版面）');
      assert.ok(s.more);
      await page.locator('zh-search [part=more]').click();
      await page.locator('zh-search [part=more]').click();
      s = await widgetState(page);
      assert.equal(s.options.length, 9);
      assert.equal(new Set(s.options.map((o) => o.id)).size, 9);
      assert.equal(s.more, false);

      const status = () => document.querySelector('zh-search').shadowRoot.querySelector('[part=status]').textContent;
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'en'));
      await page.waitForFunction((f) => eval(f)() === '9 results on 5 pages', status.toString());
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'zh-Hant'));
      await page.waitForFunction((f) => eval(f)() === '找到 9 篇（5 個版面）', status.toString());
    } finally {
      await context.close();
    }
  });

  test('Traditional input finds the Simplified pages; IME quotes make a phrase', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '乡村振兴');
      const simplified = await widgetState(page);
      assert.equal(simplified.options.length, 8, '11 stories on all five pages say 乡村振兴 (limit 8)');
      assert.match(simplified.status, /^找到 11 篇（5 个版面）/);
      // A visitor from Taiwan or Hong Kong types it in Traditional characters.
      await search(page, '鄉村振興');
      const traditional = await widgetState(page);
      assert.deepEqual(traditional.options.map((o) => o.title), simplified.options.map((o) => o.title));
      // Highlights land on the characters as the page writes them.
      for (const o of traditional.options) assert.ok(o.marks.every((m) => m === '乡村振兴'), JSON.stringify(o.marks));
      // The IME's quotation marks: one exact phrase, not words.
      await search(page, '“局长刘万玺”');
      const phrase = await widgetState(page);
      assert.equal(phrase.notice, null, 'not relaxed into words');
      assert.ok(phrase.options.length > 0);
      for (const o of phrase.options) assert.deepEqual(o.marks, ['局长刘万玺']);
    } finally {
      await context.close();
    }
  });

  test('pinyin typed without an IME finds the Chinese it spells, and says so', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '兴隆社区');
      const han = await widgetState(page);
      assert.ok(han.options.length > 0);
      for (const q of ['xinglongshequ', 'xing long she qu', 'xlsq', 'xinglongsh']) {
        await search(page, q);
        const r = await widgetState(page);
        assert.match(r.notice ?? '', /按拼音匹配：兴隆 ?社区/, q);
        // The same stories as typing the Chinese, highlighted on the Chinese.
        for (const t of han.options.map((o) => o.title)) {
          assert.ok(r.options.some((o) => o.title === t), `${q}: ${t}`);
        }
        const first = r.options[0];
        assert.ok(first.marks.length > 0 && first.marks.every((m) => ['兴隆社区', '兴隆', '社区'].includes(m)), `${q}: ${JSON.stringify(first.marks)}`);
        const via = await page.evaluate(() => document.querySelector('zh-search').shadowRoot
          .querySelector('[role=option] [part=via]')?.textContent);
        assert.match(via ?? '', /拼音：兴隆/, q);
      }
      // Letters that occur as typed come first, without a pinyin notice when nothing else matched.
      await search(page, 'qqqqzx');
      const none = await widgetState(page);
      assert.equal(none.options.length, 0);
      assert.equal(none.notice, null);
    } finally {
      await context.close();
    }
  });

  test('IME: no search while composing pinyin, search on commit (synthetic events)', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await ready(page);
      const compose = (type, value) => page.locator('zh-search [part=input]').evaluate((input, [type, value]) => {
        if (value !== null) input.value = value;
        const init = { bubbles: true, composed: true, data: value ?? '' };
        if (type === 'compositionend') {
          input.dispatchEvent(new CompositionEvent('compositionend', init));
          input.dispatchEvent(new InputEvent('input', { ...init, inputType: 'insertText', isComposing: false }));
        } else {
          input.dispatchEvent(new CompositionEvent(type, init));
          if (type === 'compositionupdate') {
            input.dispatchEvent(new InputEvent('input', { ...init, inputType: 'insertCompositionText', isComposing: true }));
          }
        }
      }, [type, value]);

      await compose('compositionstart', null);
      await compose('compositionupdate', 'liu');
      await delay(300);
      await compose('compositionupdate', 'liuwan');
      await delay(300); // well past the debounce
      assert.deepEqual(await events(page), []);
      assert.equal((await widgetState(page)).options.length, 0);

      await compose('compositionend', '刘万玺');
      await waitForResults(page, '刘万玺');
      await delay(300);
      const ev = await events(page);
      assert.deepEqual(ev.map((e) => e.query), ['刘万玺'], 'one search, for the committed text');
      assert.deepEqual((await widgetState(page)).options[0].marks, ['刘万玺']);
    } finally {
      await context.close();
    }
  });

  test('IME: a real composition through Chromium (CDP Input.imeSetComposition)', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await ready(page);
      await box(page).focus();
      const cdp = await context.newCDPSession(page);
      for (const text of ['l', 'liu', 'liuwan', 'liuwanxi']) {
        await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
        await delay(60);
      }
      await delay(300);
      assert.equal(await box(page).inputValue(), 'liuwanxi');
      assert.deepEqual(await events(page), [], 'no search for pinyin letters');
      await cdp.send('Input.insertText', { text: '刘万玺' }); // commits the composition
      await waitForResults(page, '刘万玺');
      await delay(300);
      assert.deepEqual((await events(page)).map((e) => e.query), ['刘万玺']);
    } finally {
      await context.close();
    }
  });

  test('keyboard: arrows, Enter opens the link, Esc clears, / and Ctrl+K focus', T, async () => {
    const { context, page } = await open('/fixtures/pages/urls.html');
    try {
      const input = box(page);
      await search(page, '乡村振兴');
      let s = await widgetState(page);
      assert.equal(s.options.length, 2); // limit="2"
      assert.equal(s.activedescendant, null);
      assert.deepEqual(s.options.map((o) => o.selected), ['false', 'false']);

      await input.press('ArrowDown');
      s = await widgetState(page);
      assert.equal(s.activedescendant, s.options[0].id);
      assert.deepEqual(s.options.map((o) => o.selected), ['true', 'false']);
      await input.press('ArrowDown');
      s = await widgetState(page);
      assert.equal(s.activedescendant, s.options[1].id);
      assert.deepEqual(s.options.map((o) => o.selected), ['false', 'true']);
      await input.press('ArrowUp');
      s = await widgetState(page);
      assert.equal(s.activedescendant, s.options[0].id);
      // The link carries the words found, for the article page's highlighting.
      assert.equal(s.options[0].href, `${site.url}/fixtures/urls/article-1.html?zh-highlight=${encodeURIComponent('乡村振兴')}`);

      await input.press('Enter');
      await page.waitForURL('**/fixtures/urls/article-1.html?zh-highlight=*');
      assert.equal(await page.locator('#article').textContent(), '示例新闻1');

      await page.goto(`${site.url}/fixtures/pages/urls.html`);
      await search(page, '乡村振兴');
      await box(page).press('ArrowDown');
      // the first Esc closes the results and keeps the text; the second clears it
      await box(page).press('Escape');
      s = await widgetState(page);
      assert.equal(s.value, '乡村振兴');
      assert.equal(s.expanded, 'false');
      assert.equal(s.activedescendant, null);
      assert.equal(await page.locator('zh-search [part=results]').isVisible(), false);
      await box(page).press('ArrowDown'); // the arrows bring them back
      s = await widgetState(page);
      assert.equal(s.expanded, 'true');
      assert.equal(s.activedescendant, s.options[0].id);
      await box(page).press('Escape');
      await box(page).press('Escape');
      s = await widgetState(page);
      assert.equal(s.value, '');
      assert.equal(s.options.length, 0);
      assert.equal(s.expanded, 'false');
      assert.equal(s.activedescendant, null);
      assert.equal(s.status, '');

      // `/` focuses the box from anywhere on the page, without typing a slash into it
      await page.locator('h1').click();
      assert.equal((await widgetState(page)).focused, false);
      await page.keyboard.press('/');
      s = await widgetState(page);
      assert.ok(s.focused, '/ focuses the box');
      assert.equal(s.value, '');
      // ...but not while the user types in another field
      await page.locator('#other').click();
      await page.keyboard.type('a/b');
      assert.equal(await page.locator('#other').inputValue(), 'a/b');
      assert.equal((await widgetState(page)).focused, false);
      // Ctrl+K (and Cmd+K) from the page
      await page.locator('h1').click();
      await page.keyboard.press('Control+k');
      assert.ok((await widgetState(page)).focused, 'Ctrl+K focuses the box');
      await page.locator('h1').click();
      await page.keyboard.press('Meta+k');
      assert.ok((await widgetState(page)).focused, 'Cmd+K focuses the box');

      // target="_blank": a result opens in a new tab, this page stays as it is
      await page.locator('zh-search').evaluate((el) => el.setAttribute('target', '_blank'));
      await search(page, '乡村振兴');
      await box(page).press('ArrowDown');
      const [popup] = await Promise.all([context.waitForEvent('page'), box(page).press('Enter')]);
      await popup.waitForURL('**/fixtures/urls/article-1.html?zh-highlight=*');
      assert.match(page.url(), /\/fixtures\/pages\/urls\.html/);
      assert.ok((await widgetState(page)).focused, 'focus stays in the box');
      await popup.close();
    } finally {
      await context.close();
    }
  });

  test('fast typing: the screen shows the last query, stale answers are dropped', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await ready(page);
      const input = box(page);
      // a burst of queries, some faster and some slower than the debounce
      for (const [q, pause] of [['乡', 20], ['乡村', 40], ['五星', 200], ['五星支部', 10], ['宁小', 150], ['刘万', 5], ['刘万玺', 0]]) {
        await input.fill(q);
        await delay(pause);
      }
      await waitForResults(page, '刘万玺');
      await delay(400);
      const ev = await events(page);
      assert.equal(ev.at(-1).query, '刘万玺');
      const s = await widgetState(page);
      assert.equal(s.options.length, 1);
      assert.deepEqual(s.options[0].marks, ['刘万玺']);
      assert.match(s.status, /^找到 1 篇/);
    } finally {
      await context.close();
    }

    // A slow answer: the index arrives only after the user has typed a newer query. The older
    // request, still waiting for the index, must be dropped rather than rendered.
    const slow = await open('/fixtures/pages/urls.html');
    try {
      await slow.page.route('**/build/urls.zhs', async (route) => {
        await delay(1200);
        await route.continue();
      });
      await slow.page.reload();
      await box(slow.page).fill('示例');
      await delay(400); // the search for 示例 has started and waits for the index
      assert.match((await widgetState(slow.page)).status, /正在加载/);
      await search(slow.page, '社区志愿');
      await delay(300);
      assert.deepEqual((await events(slow.page)).map((e) => e.query), ['社区志愿']);
      const s = await widgetState(slow.page);
      assert.equal(s.options.length, 1);
      assert.match(s.options[0].title, /社区志愿服务/);
    } finally {
      await slow.context.close();
    }
  });

  test('XSS: hostile titles, bodies and URLs stay text, no unsafe links', T, async () => {
    const src = fs.readFileSync(path.join(WWW, 'zh-search.js'), 'utf8');
    assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);

    const { context, page } = await openPage(browser, problems, `${plainSite.url}/fixtures/pages/xss.html`);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    try {
      for (const q of ['安全测试', 'alert', 'onerror', 'script']) {
        await search(page, q);
      }
      await search(page, '安全测试');
      await delay(300);
      const s = await widgetState(page);
      assert.equal(s.options.length, 6);
      const byTitle = (re) => s.options.find((o) => re.test(o.title));
      assert.equal(byTitle(/<script>/).title, '安全测试<script>alert(1)</script>标题');
      assert.ok(s.options.some((o) => o.snippet.includes('<img src=x onerror=alert(1)>')));
      assert.ok(s.options.some((o) => o.title.includes('<img src=x onerror=alert(1)>')));
      assert.ok(s.options.some((o) => o.snippet.includes('&lt;b&gt;')), 'entities are not decoded');

      const found = await page.locator('zh-search').evaluate((el) => ({
        elements: el.shadowRoot.querySelectorAll('[part=results] *:not(li, a, span, p, mark)').length,
        pageImages: document.querySelectorAll('img, script:not([src])').length,
      }));
      assert.deepEqual(found, { elements: 0, pageImages: 0 });
      const hrefs = s.options.map((o) => o.href).filter(Boolean).sort();
      // The site's own page with the words found added to its query, percent-encoded; the
      // other site's link as it is (the query is not handed to other sites).
      const words = encodeURIComponent('安全测试');
      assert.deepEqual(hrefs, [
        `${plainSite.url}/fixtures/urls/article-1.html?zh-highlight=${words}`,
        'https://example.org/news/1.html?a=1&b=%3C2%3E',
      ]);
      for (const o of s.options) {
        if (/javascript|data:|vbscript|混淆/.test(o.title + o.snippet)) assert.equal(o.href, null, o.title);
      }
      // Enter on a result without a safe link does nothing (and fires no script)
      await box(page).press('ArrowDown');
      await box(page).press('Enter');
      await delay(200);
      assert.deepEqual(dialogs, []);
    } finally {
      await context.close();
    }
  });

  test('host page CSS does not break the widget', T, async () => {
    const { context, page } = await open('/fixtures/pages/hostile.html');
    try {
      await search(page, '刘万玺');
      const style = await page.locator('zh-search').evaluate((el) => {
        const root = el.shadowRoot;
        const css = (sel) => getComputedStyle(root.querySelector(sel));
        return {
          inputSize: css('[part=input]').fontSize,
          markDisplay: css('mark').display,
          markBg: css('mark').backgroundColor,
          snippetColor: css('[part=snippet]').color,
          snippetDisplay: css('[part=snippet]').display,
          optionDisplay: css('[role=option]').display,
          letterSpacing: css('[part=snippet]').letterSpacing,
          snippetStyle: css('[part=snippet]').fontStyle,
        };
      });
      // the host's root font size (its * rule sets 40px on <html> too) is the reader's size
      assert.equal(style.inputSize, await page.evaluate(() => getComputedStyle(document.documentElement).fontSize));
      assert.equal(style.markDisplay, 'inline');
      assert.equal(style.markBg, 'rgb(1, 2, 3)', '--zh-search-mark-bg');
      assert.equal(style.snippetStyle, 'italic', '::part(snippet)');
      assert.notEqual(style.snippetColor, 'rgb(255, 0, 0)');
      assert.equal(style.snippetDisplay, 'block');
      assert.equal(style.optionDisplay, 'block');
      assert.equal(style.letterSpacing, 'normal');
    } finally {
      await context.close();
    }
  });

  test('two widgets on a page share the wasm modules, each with its own index and language', T, async () => {
    const before = site.requests.filter((r) => r.endsWith('.wasm')).length;
    const { context, page } = await open('/fixtures/pages/two.html');
    try {
      await ready(page, '#first');
      await ready(page, '#second');
      // One module with the built-in articles (#first), one without (#second's index file):
      // each fetched once.
      const wasm = site.requests.filter((r) => r.endsWith('.wasm')).slice(before);
      assert.deepEqual(wasm.sort(), ['/pkg-embedded/zhsearch_widget_bg.wasm', '/pkg/zhsearch_widget_bg.wasm']);
      await page.locator('#second [part=input]').fill('社区');
      await page.waitForFunction(() => window.__zh.some((e) => e.query === '社区'));
      const second = await widgetState(page, '#second');
      assert.equal(second.options.length, 1);
      assert.equal(second.status, '找到 1 篇');
      assert.equal((await widgetState(page, '#first')).options.length, 0);
      // the shortcut focuses the first box only
      await page.locator('h1').click();
      await page.keyboard.press('/');
      assert.ok((await widgetState(page, '#first')).focused);
      assert.equal((await widgetState(page, '#second')).focused, false);
    } finally {
      await context.close();
    }
  });

  test('a missing index shows an error; the host page keeps working', T, async () => {
    const expected404 = (text, url) => /Failed to load resource/.test(text) && url.endsWith('/missing.zhs');
    const { context, page } = await open('/fixtures/pages/missing.html', { allow: expected404 });
    try {
      await waitForError(page);
      const s = await widgetState(page);
      assert.match(s.error, /^搜索索引加载失败：missing\.zhs（HTTP 404）$/);
      assert.equal(await page.locator('zh-search [part=error]').getAttribute('role'), 'alert');
      const rejected = await page.evaluate(() => document.querySelector('zh-search').ready.then(() => 'resolved', (e) => `rejected: ${e.message}`));
      assert.match(rejected, /^rejected: /);
      // typing still leaves a clear message, not a blank box
      await box(page).fill('乡村振兴');
      await delay(300);
      assert.match((await widgetState(page)).error, /加载失败/);
      // the host page's own script and controls still work
      assert.equal(await page.locator('body').getAttribute('data-host'), 'ok');
      await page.locator('#host-button').click();
      assert.equal(await page.locator('#host-count').textContent(), '1');
    } finally {
      await context.close();
    }
  });

  test('a corrupted or truncated index shows an error; a good one recovers', T, async () => {
    const { context, page } = await open('/fixtures/pages/corrupt.html');
    try {
      await waitForError(page);
      assert.match((await widgetState(page)).error, /^搜索索引文件无效：corrupt\.zhs（.*(checksum|corrupt).*）$/);
      await page.locator('zh-search').evaluate((el) => el.setAttribute('index', '/build/truncated.zhs'));
      await page.waitForFunction(() => /truncated\.zhs/.test(document.querySelector('zh-search').shadowRoot.querySelector('[part=error]').textContent));
      assert.match((await widgetState(page)).error, /truncated/);
      await page.locator('zh-search').evaluate((el) => el.setAttribute('index', '/build/urls.zhs'));
      await ready(page);
      await search(page, '社区');
      const s = await widgetState(page);
      assert.equal(s.error, null);
      assert.equal(s.options.length, 1);
      await page.locator('#host-button').click();
      assert.equal(await page.locator('#host-count').textContent(), '1');
    } finally {
      await context.close();
    }
  });

  test('the wasm failing to load shows an error', T, async () => {
    const aborted = (text) => /Failed to load resource|wasm|WebAssembly/.test(text);
    const { context, page } = await openPage(browser, problems, null, { allow: aborted });
    try {
      await page.route('**/zhsearch_widget_bg.wasm', (route) => route.abort());
      await page.goto(`${site.url}/index.html`);
      await waitForError(page);
      assert.match((await widgetState(page)).error, /^搜索功能加载失败：/);
    } finally {
      await context.close();
    }
  });

  test('360 px wide screen: no horizontal scroll', T, async () => {
    const { context, page } = await open('/index.html', { viewport: { width: 360, height: 740 } });
    try {
      for (const q of ['乡村振兴', '刘万玺', 'https']) {
        await search(page, q);
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(width <= 360, `scrollWidth ${width} for ${q}`);
      }
      const boxWidth = await page.locator('zh-search').evaluate((el) => el.getBoundingClientRect().right);
      assert.ok(boxWidth <= 360);
    } finally {
      await context.close();
    }
  });

  test('offline after the first visit (service worker); a new version replaces the cache', { timeout: 60_000 }, async () => {
    // Its own server (own origin, so its own service worker) with a version.json the test edits.
    const versionFile = path.join(buildDir, 'sw-version.json');
    fs.writeFileSync(versionFile, JSON.stringify({ version: 'e2e-1' }));
    const serve = (port) => startServer(mounts(buildDir, versionFile), { csp: true, port });
    let server = await serve(0);
    const { port, url: origin } = server;
    const { context, page } = await openPage(browser, problems, `${origin}/fixtures/pages/offline.html`);
    const cached = (url) => page.evaluate((u) => caches.match(u).then(Boolean), url);
    try {
      // First visit of a page with an index file: the worker installs (storing the page's assets
      // and pkg/), takes control and gets the index, which was fetched before it was there.
      await ready(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.waitForFunction(async () => await caches.match('/build/urls.zhs') && await caches.match(location.href) &&
        await caches.match('/pkg/zhsearch_widget_bg.wasm'));
      assert.deepEqual(await page.evaluate(() => caches.keys()), ['zhsearch-e2e-1']);
      // The module with the built-in articles is not stored for a page that does not use it.
      assert.equal(await cached('/pkg-embedded/zhsearch_widget_bg.wasm'), false);
      // The demo page, visited once, stores it.
      await page.goto(`${origin}/index.html`);
      await ready(page);
      await page.waitForFunction(() => caches.match('/pkg-embedded/zhsearch_widget_bg.wasm'));
      await page.waitForLoadState('networkidle');

      // Offline, and the server gone as well, so only the cache can answer: both pages still
      // search.
      await context.setOffline(true);
      await server.close();
      for (const [pathname, query, title] of [
        ['/fixtures/pages/offline.html', '社区志愿', '示例新闻三：社区志愿服务'],
        ['/index.html', '刘万玺', null],
      ]) {
        await page.goto(origin + pathname);
        await ready(page);
        await search(page, query);
        const s = await widgetState(page);
        assert.equal(s.options.length, 1, `${pathname}: ${JSON.stringify(s)}`);
        if (title) assert.equal(s.options[0].title, title);
        else assert.deepEqual(s.options[0].marks, [query]);
      }

      // Back online with a new build: the page registers sw.js?v=e2e-2, whose activation
      // deletes the old version's cache.
      server = await serve(port);
      await context.setOffline(false);
      fs.writeFileSync(versionFile, JSON.stringify({ version: 'e2e-2' }));
      await page.reload();
      await page.waitForFunction(async () => {
        const sw = navigator.serviceWorker.controller;
        return sw?.scriptURL.endsWith('sw.js?v=e2e-2') && sw.state === 'activated' &&
          (await caches.keys()).join() === 'zhsearch-e2e-2';
      });
      assert.ok(await cached('/pkg/zhsearch_widget_bg.wasm'));
      await search(page, '乡村振兴');
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('no console errors or uncaught page errors in any test', () => {
    assert.deepEqual(problems, []);
  });
});
