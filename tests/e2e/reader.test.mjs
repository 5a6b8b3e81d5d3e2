// End-to-end tests of results that name stories and of the reader view they open: the demo's
// reader pages (www/read/, `zhsearch reader`) with zh-highlight.js, and the script on a
// portal's own hostile page. Run: node --test tests/e2e/
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WWW, buildFixtures, mounts, startServer, launch, openPage, search, widgetState } from './helpers.js';

const T = { timeout: 30_000 };

describe('stories and the reader view', { timeout: 300_000 }, () => {
  let buildDir, site, browser;
  const problems = [];

  before(async () => {
    if (!fs.existsSync(path.join(WWW, 'read/000_1f48cccaa077cdf6.html'))) {
      throw new Error('www/read is missing: run scripts/build-wasm.sh first');
    }
    buildDir = buildFixtures();
    site = await startServer(mounts(buildDir), { csp: true });
    browser = await launch();
  }, { timeout: 900_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  const open = (pathname, options) => openPage(browser, problems, site.url + pathname, options);

  // Marks on the page and where focus is.
  const landing = (page) => page.evaluate(() => {
    const marks = [...document.querySelectorAll('mark.zh-highlight')];
    const r = document.activeElement.getBoundingClientRect();
    return {
      marks: marks.map((m) => m.textContent),
      sections: marks.map((m) => m.closest('section')?.id ?? null),
      focused: document.activeElement.tagName,
      focusedSection: document.activeElement.closest('section')?.id ?? null,
      inView: r.top >= 0 && r.bottom <= innerHeight,
      hash: location.hash,
    };
  });

  test('a result is the story with its headline and page; counts say stories and pages', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '燃气安全');
      let s = await widgetState(page);
      assert.equal(s.options.length, 1);
      assert.equal(s.options[0].title, '开展燃气安全大排查 筑牢燃气安全防线');
      assert.equal(s.status, '找到 1 篇');
      const pageLine = await page.locator('zh-search [part=page]').first().textContent();
      assert.equal(pageLine, '版面：2024年 1月 4日 星期四 乡村振兴');
      assert.match(s.options[0].href, /\/read\/000_1f48cccaa077cdf6\.html\?zh-highlight=%E7%87%83%E6%B0%94%E5%AE%89%E5%85%A8#s4$/);
      await search(page, '乡贤');
      s = await widgetState(page);
      assert.equal(s.status, '找到 3 篇（2 个版面）');
      assert.equal(s.options[0].title, '乡贤回归赋能乡村振兴');
    } finally {
      await context.close();
    }
  });

  test('clicking a result opens the story, scrolled to the match, marked; Back returns', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, '燃气安全');
      await page.locator('zh-search [role=option]').first().click();
      await page.waitForURL(/\/read\/000_1f48cccaa077cdf6\.html/);
      await page.waitForFunction(() => document.documentElement.dataset.zhHighlighted);
      const l = await landing(page);
      assert.equal(l.hash, '#s4');
      assert.ok(l.marks.length >= 3, JSON.stringify(l));
      assert.ok(l.marks.every((m) => m.replace(/\s/g, '') === '燃气安全'), JSON.stringify(l.marks));
      assert.ok(l.sections.every((id) => id === 's4'), 'only the story holds the words');
      assert.equal(l.focused, 'MARK');
      assert.equal(l.focusedSection, 's4');
      assert.ok(l.inView, 'the first mark is on screen');
      const h2 = await page.locator('#s4 h2').textContent();
      assert.equal(h2, '开展燃气安全大排查 筑牢燃气安全防线');
      // Keyboard: Shift+Tab from the mark reaches the page's links.
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'zh-back');
      // Back to the search page, with the query in its URL and its results shown again.
      await page.goBack();
      await page.waitForURL(/\/index\.html\?q=%E7%87%83%E6%B0%94%E5%AE%89%E5%85%A8$/);
      await page.waitForFunction(() => document.querySelector('zh-search').shadowRoot.querySelectorAll('[role=option]').length === 1);
      assert.equal((await widgetState(page)).value, '燃气安全');
      await search(page, '刘万玺');
      const s = await widgetState(page);
      assert.match(s.options[0].title, /^近日，清丰县自然资源局/);
    } finally {
      await context.close();
    }
  });

  test('the keyboard opens a result too, and a pinyin result marks the Chinese it found', T, async () => {
    const { context, page } = await open('/index.html');
    try {
      await search(page, 'xinglongshequ');
      await page.locator('zh-search [part=input]').press('ArrowDown');
      await page.locator('zh-search [part=input]').press('Enter');
      await page.waitForURL(/\/read\/.*zh-highlight=/);
      await page.waitForFunction(() => document.documentElement.dataset.zhHighlighted);
      const l = await landing(page);
      assert.ok(l.marks.length > 0 && l.marks.every((m) => m.replace(/\s/g, '') === '兴隆社区'), JSON.stringify(l.marks));
      assert.equal(l.focused, 'MARK');
    } finally {
      await context.close();
    }
  });

  test('zh-highlight.js on a hostile page: inert query, markup and scripts intact', T, async () => {
    const xss = '燃气安全 <img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>';
    const { context, page } = await open(`/fixtures/pages/hostile-reader.html?zh-highlight=${encodeURIComponent(xss)}#later`);
    try {
      await page.waitForFunction(() => document.documentElement.dataset.zhHighlighted);
      const r = await page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        images: document.images.length,
        marks: [...document.querySelectorAll('mark')].map((m) => [m.closest('[id]')?.id, m.textContent]),
        data: document.getElementById('data').textContent,
        ta: document.getElementById('ta').value,
        ce: document.getElementById('ce').innerHTML,
        ign: document.getElementById('ign').innerHTML,
        nav: document.querySelector('nav').innerHTML,
        focusedIn: document.activeElement.closest('section')?.id ?? null,
        script: window.__pageScript,
      }));
      assert.equal(r.pwned, null);
      assert.equal(r.images, 0);
      assert.equal(r.script, true);
      // Across <em>, a <br> and Traditional characters; not in scripts, fields, editable or
      // ignored parts, nor outside <main>.
      assert.deepEqual(r.marks.map(([, t]) => t.replace(/\s/g, '')), ['燃气', '安全', '燃气安', '全', '燃氣安全', '燃气安全']);
      assert.equal(r.data, '{"text": "燃气安全"}');
      assert.equal(r.ta, '燃气安全');
      assert.equal(r.ce, '燃气安全');
      assert.equal(r.ign, '燃气安全');
      assert.equal(r.nav, '<a href="/">燃气安全首页</a>');
      assert.equal(r.focusedIn, 'later', 'lands on the match in the #fragment');
      // The page's own listener still fires.
      await page.click('#clicky');
      assert.equal(await page.evaluate(() => window.__clicked), true);
    } finally {
      await context.close();
    }
  });

  test('no console errors or uncaught page errors', () => {
    assert.deepEqual(problems, []);
  });
});
