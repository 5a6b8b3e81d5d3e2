// End-to-end tests of <zh-search> for every visitor: keyboard focus, forced colors, what screen
// readers are told (live region, names, descriptions, languages), the page URL (Back, shared
// links), touch screens at 360 px, dark schemes, a large root font size, text spacing, the
// messages, and an axe-core run over the demo page with results open.
// No test waits for a time: each waits for a state or an event.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  buildFixtures, mounts, startServer, launch, openPage, events, waitForResults, ready, widgetState, search,
} from './helpers.js';

const T = { timeout: 60_000 };
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Test-only host pages (served under /access/ with the same strict CSP).
const PAGES = {
  'en.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>English host</title><link rel="icon" href="/favicon.svg">
<script type="module" src="/zh-search.js"></script></head>
<body><h1>English host</h1><zh-search index="/build/urls.zhs"></zh-search></body></html>`,
  'dark.html': `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>深色页面</title><link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="dark.css"><script type="module" src="/zh-search.js"></script></head>
<body><h1>深色页面</h1><zh-search index="/build/urls.zhs"></zh-search></body></html>`,
  'dark.css': ':root { color-scheme: dark; background: #101113; color: #eee; }',
};

// Relative luminance and contrast of CSS rgb()/rgba() colors.
function rgb(css) {
  const m = css.match(/rgba?\(([^)]+)\)/);
  assert.ok(m, `a color: ${css}`);
  return m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
}
function luminance(css) {
  const [r, g, b] = rgb(css).slice(0, 3).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// Computed styles of shadow-root parts: {name: selector} -> {name: {prop: value}}.
function shadowStyles(page, selectors, props, host = 'zh-search') {
  return page.evaluate(([sel, props, host]) => {
    const root = document.querySelector(host).shadowRoot;
    return Object.fromEntries(Object.entries(sel).map(([k, s]) => {
      const node = root.querySelector(s);
      if (!node) return [k, null];
      const cs = getComputedStyle(node);
      const r = node.getBoundingClientRect();
      return [k, { ...Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)])), width: r.width, height: r.height }];
    }));
  }, [selectors, props, host]);
}

// What has focus: 'input', 'more', 'body', or another tag, looking into the shadow root.
const focusIn = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (a?.tagName !== 'ZH-SEARCH') return a?.tagName.toLowerCase() ?? 'none';
  const inner = a.shadowRoot.activeElement;
  return inner?.getAttribute('part') ?? inner?.tagName.toLowerCase() ?? 'host';
});

describe('zh-search for every visitor', { timeout: 600_000 }, () => {
  let buildDir, site, browser;
  const problems = [];

  before(async () => {
    buildDir = buildFixtures();
    const pages = path.join(buildDir, 'access');
    fs.mkdirSync(pages);
    for (const [name, text] of Object.entries(PAGES)) fs.writeFileSync(path.join(pages, name), text);
    site = await startServer({ ...mounts(buildDir), '/access/': pages }, { csp: true });
    browser = await launch();
  }, { timeout: 900_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  const open = (pathname, options) => openPage(browser, problems, site.url + pathname, options);
  const box = (page) => page.locator('zh-search [part=input]').first();
  const resultsAt = (page, offset) => page.waitForFunction((o) => window.__zh.some((e) => e.type === 'zh-search-results' && e.offset === o), offset);

  test('focus: after the last 更多结果 it goes on to the first new result; arrows and typing go on', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '4'));
      await search(page, '社区'); // 9 stories: pages of 4, 4, 1
      await box(page).focus();
      await page.keyboard.press('Tab');
      assert.equal(await focusIn(page), 'more', 'Tab reaches 更多结果');
      await page.keyboard.press('Enter');
      await resultsAt(page, 4);
      assert.equal(await focusIn(page), 'more', 'the button is still there: focus stays on it');
      await page.keyboard.press('Enter');
      await resultsAt(page, 8);
      let s = await widgetState(page);
      assert.equal(s.options.length, 9);
      assert.equal(s.more, false);
      assert.equal(await focusIn(page), 'input', 'never <body>');
      assert.equal(s.activedescendant, s.options[8].id, 'the first result added is active');
      await page.keyboard.press('ArrowDown');
      s = await widgetState(page);
      assert.equal(s.activedescendant, s.options[0].id, 'arrows go on');
      await page.keyboard.press('End');
      await page.keyboard.type('服务');
      await waitForResults(page, '社区服务');
    } finally {
      await context.close();
    }
  });

  test('focus: choosing a result without a URL (Enter or a click) leaves it in the box', T, async () => {
    const { context, page } = await open('/fixtures/pages/xss.html');
    try {
      await search(page, '安全测试');
      const s = await widgetState(page);
      const i = s.options.findIndex((o) => !o.href);
      assert.ok(i >= 0);
      await box(page).focus();
      for (let k = 0; k <= i; k++) await page.keyboard.press('ArrowDown');
      assert.equal((await widgetState(page)).activedescendant, s.options[i].id);
      await page.keyboard.press('Enter');
      assert.equal(await focusIn(page), 'input');
      await page.locator(`zh-search [role=option] >> nth=${i} >> [part=snippet]`).click();
      assert.equal(await focusIn(page), 'input');
      // and the box still works
      await page.keyboard.press('ArrowDown');
      assert.notEqual((await widgetState(page)).activedescendant, null);
      assert.match(page.url(), /\/fixtures\/pages\/xss\.html/);
    } finally {
      await context.close();
    }
  });

  test('Ctrl+Enter opens a result in a new tab, Shift+Enter in a new window; this page stays', T, async () => {
    const { context, page } = await open('/fixtures/pages/urls.html');
    try {
      await search(page, '乡村振兴');
      await box(page).press('ArrowDown');
      for (const keys of ['Control+Enter', 'Shift+Enter']) {
        const [tab] = await Promise.all([context.waitForEvent('page'), box(page).press(keys)]);
        await tab.waitForURL('**/fixtures/urls/article-1.html?zh-highlight=*');
        assert.equal(await tab.evaluate(() => window.opener), null, 'noopener');
        await tab.close();
        assert.match(page.url(), /\/fixtures\/pages\/urls\.html/, keys);
        assert.equal(await focusIn(page), 'input', keys);
        assert.equal((await widgetState(page)).options.length, 2);
      }
      // a middle click does the same
      const [tab] = await Promise.all([context.waitForEvent('page'),
        page.locator('zh-search [role=option]').first().click({ button: 'middle' })]);
      await tab.waitForURL('**/fixtures/urls/article-1.html?zh-highlight=*');
      await tab.close();
    } finally {
      await context.close();
    }
  });

  test('forced colors (Windows High Contrast): the focus ring, the active result and the button focus stay visible', T, async () => {
    const { context, page } = await open('/index.html', { forcedColors: 'active' });
    try {
      assert.ok(await page.evaluate(() => matchMedia('(forced-colors: active)').matches));
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '4'));
      await search(page, '社区');
      await box(page).focus();
      await page.keyboard.press('ArrowDown');
      const props = ['outline-style', 'outline-width', 'outline-color', 'background-color'];
      const st = await shadowStyles(page, { input: '[part=input]', active: '[aria-selected=true]', mark: 'mark' }, props);
      assert.equal(st.input['outline-style'], 'solid');
      assert.ok(parseFloat(st.input['outline-width']) >= 2, JSON.stringify(st.input));
      assert.equal(st.active['outline-style'], 'solid');
      assert.ok(parseFloat(st.active['outline-width']) >= 2, JSON.stringify(st.active));
      assert.ok(contrast(st.active['outline-color'], await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) >= 3);
      assert.notEqual(st.mark['background-color'], await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'marks keep a background');
      await page.keyboard.press('Tab');
      assert.equal(await focusIn(page), 'more');
      const more = (await shadowStyles(page, { more: '[part=more]' }, props)).more;
      assert.equal(more['outline-style'], 'solid');
      assert.ok(parseFloat(more['outline-width']) >= 2);
    } finally {
      await context.close();
    }
  });

  test('focus is visible without forced colors too: the 更多结果 button has an outline', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '4'));
      await search(page, '社区');
      await box(page).focus();
      await page.keyboard.press('Tab');
      const st = await shadowStyles(page, { more: '[part=more]' }, ['outline-style', 'outline-width', 'outline-color']);
      assert.equal(st.more['outline-style'], 'solid');
      assert.ok(parseFloat(st.more['outline-width']) >= 2);
      assert.ok(contrast(st.more['outline-color'], 'rgb(255, 255, 255)') >= 3);
    } finally {
      await context.close();
    }
  });

  test('screen readers: loading said once, one announcement when typing settles, relaxed matches with the count, 更多结果 says what it added', T, async () => {
    const { context, page } = await openPage(browser, problems, null);
    try {
      // The engine is held back until typing is over, so the query waits for it.
      let release;
      const held = new Promise((r) => { release = r; });
      await page.route('**/pkg-embedded/zhsearch_widget_bg.wasm', async (route) => { await held; await route.continue(); });
      await page.goto(`${site.url}/index.html`);
      await page.evaluate(async () => {
        await customElements.whenDefined('zh-search');
        const el = document.querySelector('zh-search');
        const live = el.shadowRoot.querySelector('[aria-live]');
        window.__said = [];
        new MutationObserver(() => { if (live.textContent) window.__said.push(live.textContent); })
          .observe(live, { childList: true, characterData: true, subtree: true });
        window.__status = 0;
        new MutationObserver(() => { window.__status++; })
          .observe(el.shadowRoot.querySelector('[part=status]'), { childList: true, characterData: true, subtree: true });
      });
      const query = '南乐县乡村振兴工作'; // 9 characters, relaxed into words
      await box(page).pressSequentially(query);
      release();
      await waitForResults(page, query);
      await page.waitForFunction(() => window.__said.length >= 2);
      await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query); // settled
      let said = await page.evaluate(() => window.__said);
      assert.equal(said.length, 2, JSON.stringify(said));
      assert.equal(said[0], '正在加载搜索索引…');
      assert.match(said[1], /^没有完全匹配的结果，以下包含：南乐县 .*工作。找到 \d+ 篇/);
      assert.doesNotMatch(said.join(), /毫秒|用时/);
      const s = await widgetState(page);
      assert.equal(said[1], `${s.notice}。${s.status}`);
      // 更多结果: what was added
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '4'));
      await page.evaluate(() => { window.__zh.length = 0; });
      await search(page, '社区');
      await page.waitForFunction(() => window.__said.at(-1) === '找到 9 篇（5 个版面）');
      await page.locator('zh-search [part=more]').click();
      await page.waitForFunction(() => window.__said.at(-1) === '已加载 4 篇，共 9 篇');
      await page.locator('zh-search [part=more]').click();
      await page.waitForFunction(() => window.__said.at(-1) === '已加载 1 篇，共 9 篇');
      said = await page.evaluate(() => window.__said);
      assert.equal(said.length, 5, JSON.stringify(said));
    } finally {
      await context.close();
    }
  });

  test('screen readers: an option is named by its title, described by its snippet, holds no links, and is marked as Chinese', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '燃气安全');
      const s = await widgetState(page);
      assert.equal(s.options[0].links, 0, 'nothing interactive inside an option');
      const cdp = await context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const options = nodes.filter((n) => n.role?.value === 'option');
      assert.equal(options.length, 1);
      assert.equal(options[0].name.value, '开展燃气安全大排查 筑牢燃气安全防线');
      assert.ok(options[0].description.value.startsWith(s.options[0].snippet), options[0].description.value);
      assert.match(options[0].description.value, /版面：2024年/);
      const byId = new Map(nodes.map((n) => [n.nodeId, n]));
      const inside = (n) => (n.childIds ?? []).flatMap((id) => [byId.get(id), ...inside(byId.get(id) ?? {})]).filter(Boolean);
      assert.deepEqual(inside(options[0]).filter((n) => /link|button/.test(n.role?.value)), []);
      const langs = await page.evaluate(() => {
        const li = document.querySelector('zh-search').shadowRoot.querySelector('[role=option]');
        return [li.querySelector('[part=title]').lang, li.querySelector('[part=snippet]').lang];
      });
      assert.deepEqual(langs, ['zh', 'zh']);
    } finally {
      await context.close();
    }
  });

  test('languages: the element follows <html lang>; results stay marked as Chinese in an English UI', T, async () => {
    const { context, page } = await open('/access/en.html');
    try {
      await search(page, '乡村振兴');
      const s = await widgetState(page);
      assert.equal(s.status, '3 results');
      const r = await page.evaluate(() => {
        const root = document.querySelector('zh-search').shadowRoot;
        return {
          ui: root.querySelector('.root').lang,
          placeholder: root.querySelector('[part=input]').placeholder,
          title: root.querySelector('[part=title]').lang,
          snippet: root.querySelector('[part=snippet]').lang,
        };
      });
      assert.deepEqual(r, { ui: 'en', placeholder: 'Search articles (press / to focus)', title: 'zh', snippet: 'zh' });
      // its own lang wins over the page's
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'zh-Hant'));
      await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelector('[part=status]').textContent === '找到 3 篇');
    } finally {
      await context.close();
    }
  });

  test('the query lives in the page URL: a shared URL opens searched, Back returns to the same results', T, async () => {
    const { context, page } = await open(`/index.html?q=${encodeURIComponent('刘万玺')}`);
    try {
      // a shared URL: the search is done, nothing typed
      await waitForResults(page, '刘万玺');
      let s = await widgetState(page);
      assert.equal(s.value, '刘万玺');
      assert.equal(s.options.length, 1);
      // typing replaces the entry's URL (no new history entries)
      const length = await page.evaluate(() => history.length);
      await search(page, '乡村振兴');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '乡村振兴');
      assert.equal(await page.evaluate(() => history.length), length);
      // 11 stories, 8 a page: 更多结果 shows all; the URL's entry remembers how many
      await page.locator('zh-search [part=more]').click();
      await resultsAt(page, 8);
      await page.waitForFunction(() => history.state?.zhSearch?.shown === 11);
      // open a result, come Back: the same 11 results (whether the page is restored or reloaded)
      await page.locator('zh-search [role=option]').nth(9).click();
      await page.waitForURL(/\/read\//);
      await page.goBack();
      await page.waitForURL(/\/index\.html\?q=/);
      await page.waitForFunction(() => document.querySelector('zh-search')?.shadowRoot.querySelectorAll('[role=option]').length === 11);
      s = await widgetState(page);
      assert.equal(s.value, '乡村振兴');
      // a reload (no page cache) restores them too
      await page.reload();
      await page.waitForFunction(() => document.querySelector('zh-search')?.shadowRoot.querySelectorAll('[role=option]').length === 11);
      assert.equal((await widgetState(page)).value, '乡村振兴');
      assert.equal(new URL(page.url()).searchParams.get('q'), '乡村振兴');
    } finally {
      await context.close();
    }
  });

  test('a result opened in a new tab keeps its query in history: the next query is a new entry, Back restores', T, async () => {
    const { context, page } = await open('/fixtures/pages/urls.html');
    try {
      await search(page, '乡村振兴');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '乡村振兴');
      const length = await page.evaluate(() => history.length);
      await box(page).press('ArrowDown');
      const [tab] = await Promise.all([context.waitForEvent('page'), box(page).press('Control+Enter')]);
      await tab.close();
      await search(page, '社区');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '社区');
      assert.equal(await page.evaluate(() => history.length), length + 1, 'pushState');
      await page.evaluate(() => { window.__zh.length = 0; });
      await page.goBack();
      await waitForResults(page, '乡村振兴');
      const s = await widgetState(page);
      assert.equal(s.value, '乡村振兴');
      assert.equal(s.options.length, 2);
      // Esc Esc clears the box and the URL's query
      await box(page).press('Escape');
      await box(page).press('Escape');
      await page.waitForFunction(() => !new URLSearchParams(location.search).has('q'));
    } finally {
      await context.close();
    }
  });

  test('touch screen at 360 px: no / hint, the placeholder fits, a 44 px clear button and 更多结果', T, async () => {
    const { context, page } = await open('/index.html', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    try {
      assert.ok(await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches), 'touch emulation');
      await ready(page);
      const fit = await page.evaluate(() => {
        const root = document.querySelector('zh-search').shadowRoot;
        const input = root.querySelector('[part=input]');
        const cs = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
        return {
          key: getComputedStyle(root.querySelector('.key')).display,
          text: ctx.measureText(input.placeholder).width,
          room: input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
        };
      });
      assert.equal(fit.key, 'none', 'no / key hint');
      assert.ok(fit.text <= fit.room, `placeholder ${fit.text} px in ${fit.room} px`);
      await search(page, '乡村振兴'); // 11 stories, 8 a page
      const st = await shadowStyles(page, { clear: '[part=clear]', more: '[part=more]' }, ['display']);
      assert.ok(st.clear.width >= 44 && st.clear.height >= 44, JSON.stringify(st.clear));
      assert.ok(st.more.height >= 44, JSON.stringify(st.more));
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 360);
      await page.locator('zh-search [part=clear]').tap();
      const s = await widgetState(page);
      assert.equal(s.value, '');
      assert.equal(s.options.length, 0);
      assert.equal(await focusIn(page), 'input');
      // an element without its own placeholder says nothing of a / key on a touch screen
      await page.goto(`${site.url}/fixtures/pages/urls.html`);
      await ready(page);
      assert.equal(await box(page).getAttribute('placeholder'), '搜索文章');
    } finally {
      await context.close();
    }
  });

  test('a steady typist (a key per 100 ms) sees results follow while typing', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await ready(page);
      await page.evaluate(() => { window.__zh.length = 0; });
      const query = '南乐县乡村振兴工作';
      await box(page).pressSequentially(query, { delay: 100 });
      await waitForResults(page, query);
      const queries = [...new Set((await events(page)).map((e) => e.query))];
      // without a maximum wait only the first character and the whole query would be searched
      assert.ok(queries.length >= 3, JSON.stringify(queries));
    } finally {
      await context.close();
    }
  });

  const colors = (page) => shadowStyles(page, {
    root: '.root', input: '[part=input]', title: '[part=title]', snippet: '[part=snippet]',
    status: '[part=status]', result: '[role=option]', page: '[part=page]', mark: 'mark',
  }, ['color', 'background-color', 'border-top-color', 'border-bottom-color']);

  test('dark: the demo in a dark scheme is dark, every text readable, the input border ≥ 3:1', T, async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page } = await open('/index.html', { colorScheme });
      try {
        await search(page, '燃气安全');
        const c = await colors(page);
        const bg = c.root['background-color'];
        assert.equal(luminance(bg) < 0.05, colorScheme === 'dark', `${colorScheme}: background ${bg}`);
        for (const k of ['title', 'snippet', 'status', 'page']) {
          assert.ok(contrast(c[k].color, bg) >= 4.5, `${colorScheme} ${k}: ${c[k].color} on ${bg}`);
        }
        assert.ok(contrast(c.mark.color, c.mark['background-color']) >= 4.5, `${colorScheme} mark`);
        assert.ok(contrast(c.input['border-top-color'], c.input['background-color']) >= 3, `${colorScheme} input border ${c.input['border-top-color']}`);
        if (colorScheme === 'dark') {
          assert.ok(luminance(c.result['border-bottom-color']) < 0.1, `the row separator follows: ${c.result['border-bottom-color']}`);
        }
      } finally {
        await context.close();
      }
    }
  });

  test("dark: a page's color-scheme decides; a light-only page keeps a light box for a dark-preferring visitor", T, async () => {
    const cases = [['/access/dark.html', 'light', true], ['/fixtures/pages/urls.html', 'dark', false]];
    for (const [pathname, colorScheme, dark] of cases) {
      const { context, page } = await open(pathname, { colorScheme });
      try {
        await search(page, '乡村振兴');
        const c = await colors(page);
        assert.equal(luminance(c.root['background-color']) < 0.05, dark, `${pathname}: ${c.root['background-color']}`);
        assert.ok(contrast(c.snippet.color, c.root['background-color']) >= 4.5);
      } finally {
        await context.close();
      }
    }
  });

  test('a root font size of 28 px sizes the whole element; text spacing overrides do not clip it', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await page.evaluate(() => { document.documentElement.style.fontSize = '28px'; });
      await search(page, '燃气安全');
      const st = await shadowStyles(page, { input: '[part=input]', title: '[part=title]', status: '[part=status]', clear: '[part=clear]' }, ['font-size']);
      assert.equal(st.input['font-size'], '28px');
      assert.ok(parseFloat(st.title['font-size']) > 28);
      assert.ok(parseFloat(st.status['font-size']) >= 23);
      assert.ok(st.clear.width >= 28 * 2.5);
      // WCAG 1.4.12 text spacing (line height 1.5, paragraph spacing 2, letter spacing 0.12,
      // word spacing 0.16), as a user style reaching into the element would set it
      const spaced = await page.evaluate(() => {
        const el = document.querySelector('zh-search');
        const sheet = new CSSStyleSheet();
        sheet.replaceSync('* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }');
        el.shadowRoot.adoptedStyleSheets = [...el.shadowRoot.adoptedStyleSheets, sheet];
        const root = el.shadowRoot;
        const input = root.querySelector('[part=input]');
        const li = root.querySelector('[role=option]');
        const box = (s) => li.querySelector(s).getBoundingClientRect();
        return {
          inputClipped: input.scrollHeight > input.clientHeight + 1,
          overlap: box('[part=title]').bottom > box('[part=snippet]').top + 1,
          liClipped: li.scrollHeight > li.clientHeight + 1,
          letterSpacing: getComputedStyle(root.querySelector('[part=snippet]')).letterSpacing,
        };
      });
      assert.deepEqual({ ...spaced, letterSpacing: undefined }, { inputClipped: false, overlap: false, liClipped: false, letterSpacing: undefined });
      assert.ok(parseFloat(spaced.letterSpacing) > 3, spaced.letterSpacing);
      // and through the element's own custom properties
      await page.locator('zh-search').evaluate((el) => el.style.setProperty('--zh-search-letter-spacing', '0.12em'));
      const ls = await shadowStyles(page, { s: '[part=status]' }, ['letter-spacing']);
      assert.ok(parseFloat(ls.s['letter-spacing']) > 0);
    } finally {
      await context.close();
    }
  });

  test('messages: a lone exclusion asks for a term, a lone quotation mark is not echoed, a long query is cut, no timing', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '-南乐');
      assert.equal((await widgetState(page)).status, '“-南乐”只排除文章，请再输入要查找的词（如：志愿服务 -南乐）');
      await search(page, '“');
      assert.equal((await widgetState(page)).status, '请输入要查找的词语');
      const long = '龘'.repeat(1200);
      await search(page, long);
      const s = await widgetState(page);
      assert.ok(s.status.length < 80, s.status);
      assert.match(s.status, /^没有找到与“龘{40}…”相关的文章$/);
      await search(page, '乡村振兴');
      assert.doesNotMatch((await widgetState(page)).status, /毫秒|用时/);
      const [ev] = await events(page);
      assert.equal(typeof ev.elapsedMs, 'number', 'timing stays in the event');
      // English and Traditional too
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'en'));
      await search(page, '-南乐');
      assert.match((await widgetState(page)).status, /only excludes articles/);
      await page.locator('zh-search').evaluate((el) => el.setAttribute('lang', 'zh-Hant'));
      await search(page, '”');
      assert.equal((await widgetState(page)).status, '請輸入要查找的詞語');
    } finally {
      await context.close();
    }
  });

  test('axe-core over the demo with results open (light, dark, 360 px touch): zero violations', T, async () => {
    for (const options of [{}, { colorScheme: 'dark' }, { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }]) {
      const { context, page } = await open('/index.html', options);
      try {
        await search(page, '乡村振兴');
        await box(page).press('ArrowDown');
        await page.evaluate(AXE); // through the DevTools protocol: the page's CSP does not apply
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

  test('no console errors or uncaught page errors in any test', () => {
    assert.deepEqual(problems, []);
  });
});
