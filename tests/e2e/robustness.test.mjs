// Robustness end-to-end tests of <zh-search>: hostile data in every field (ids included) and in
// the query, an index of another format version, and ten seconds of fast typing (stale answers,
// memory). Run: node --test tests/e2e/   (needs www/pkg built and target/release/zhsearch)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ROOT, FIXTURES, buildFixtures, mounts, startServer, launch, openPage, events, waitForResults,
  waitForError, ready, widgetState, delay, search,
} from './helpers.js';

const CLI = path.join(ROOT, 'target/release/zhsearch');
const T = { timeout: 60_000 };
const REPLACEMENT = '\uFFFD';

function cli(args) {
  return spawnSync(CLI, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

// Every payload of the hostile fixture, as the page must show it (literally).
const PAYLOADS = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  svg: '<svg onload=alert(1)>',
  iframe: '<iframe src=javascript:alert(1)></iframe>',
  object: '<object data=javascript:alert(1)></object>',
  dataUrl: 'data:text/html,<script>alert(1)</script>',
};

// Ids of tests/fixtures/hostile/articles.jsonl and tests/fixtures/surrogate/raw-bytes.jsonl
// (its raw bytes ED A0 80, a UTF-8-encoded lone surrogate, become three U+FFFD at ingest).
const IDS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>',
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '&lt;script&gt;', '&#x3C;img&#x3E;',
  '<iframe src=javascript:alert(1)>', `lone-${REPLACEMENT.repeat(3)}-raw`,
];

// Everything dangerous the widget must never have put into its shadow root (or the page).
function scanDom() {
  const root = document.querySelector('zh-search').shadowRoot;
  const all = [...root.querySelectorAll('*')];
  const unsafeHref = (h) => /^(javascript|data|vbscript):/i.test(String(h).replace(/[\u0000-\u0020]/g, ''));
  return {
    active: root.querySelectorAll('script, img, svg, iframe, object, embed, frame, frameset, style, link, base, meta, form, template, math').length,
    pageActive: document.querySelectorAll('script:not([src]), img, svg, iframe, object, embed').length,
    onAttributes: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
    // results open what their option's data-href says (options hold no <a>): only http(s)
    unsafeLinks: [...root.querySelectorAll('a, [data-href]')].map((e) => e.getAttribute('href') ?? e.dataset.href)
      .filter((h) => unsafeHref(h) || !/^https?:$/.test(new URL(h, location.href).protocol)),
    tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
  };
}

describe('zh-search robustness', { timeout: 300_000 }, () => {
  let buildDir, site, plainSite, browser;
  const problems = []; // console errors and page errors from every page

  before(async () => {
    buildDir = buildFixtures();
    // A JSON "\ud800" escape (a lone surrogate) is rejected by the indexer with the file and
    // line; with --skip-bad-records the record is skipped and the rest is indexed.
    const escaped = path.join(FIXTURES, 'surrogate/escaped.jsonl');
    const strict = cli(['index', '-q', escaped, '-o', path.join(buildDir, 'escaped.zhs')]);
    assert.notEqual(strict.status, 0, 'a lone surrogate escape is not silently accepted');
    assert.match(strict.stderr, /escaped\.jsonl:1: /);
    assert.equal(fs.existsSync(path.join(buildDir, 'escaped.zhs')), false);
    const hostile = cli(['index', '--skip-bad-records', path.join(FIXTURES, 'hostile'),
      path.join(FIXTURES, 'surrogate/raw-bytes.jsonl'), escaped, '-o', path.join(buildDir, 'hostile.zhs')]);
    assert.equal(hostile.status, 0, hostile.stderr);
    assert.match(hostile.stderr, /skipped \S*escaped\.jsonl:1/);
    assert.match(hostile.stderr, /raw-bytes\.jsonl: invalid UTF-8 replaced with U\+FFFD/);
    assert.match(hostile.stderr, /indexed 13 articles from 3 files, skipped 1/);

    // Index files claiming another format version (u32 LE at byte 8; the checksum starts at 32).
    const good = fs.readFileSync(path.join(buildDir, 'urls.zhs'));
    for (const [name, version] of [['version7.zhs', 7], ['version-max.zhs', 0xffffffff], ['version0.zhs', 0]]) {
      const bytes = Buffer.from(good);
      assert.equal(bytes.readUInt32LE(8), 6); // the format version this build writes
      bytes.writeUInt32LE(version, 8);
      fs.writeFileSync(path.join(buildDir, name), bytes);
    }
    site = await startServer(mounts(buildDir), { csp: true });
    // Hostile data is served without a CSP: only the widget stands between data and DOM.
    plainSite = await startServer(mounts(buildDir), { csp: false });
    browser = await launch();
  }, { timeout: 900_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    await plainSite?.close();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  const box = (page) => page.locator('zh-search [part=input]').first();

  test('XSS payloads in ids, titles, bodies, URLs and queries stay text', T, async () => {
    const { context, page } = await openPage(browser, problems, null);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    // A second witness: alert/confirm/prompt are counted, then still run (and open the dialog).
    await context.addInitScript(() => {
      for (const name of ['alert', 'confirm', 'prompt']) {
        const original = window[name];
        window[name] = function (...args) {
          window.__alerted = (window.__alerted ?? 0) + 1;
          return original.apply(this, args);
        };
      }
    });
    try {
      await page.goto(`${plainSite.url}/fixtures/pages/hostile-all.html`);
      await ready(page);
      const start = page.url();

      // 1. the data: every hit, shown literally
      for (const q of ['alert', 'script', 'onerror', 'javascript', 'data', 'img', 'svg', 'lt', 'x3C', '孤立代理']) {
        await search(page, q);
        assert.deepEqual((await page.evaluate(scanDom)).unsafeLinks, [], q);
      }
      await search(page, '攻防演练');
      await delay(200);
      const s = await widgetState(page);
      assert.equal(s.options.length, 12, JSON.stringify(s.options.map((o) => o.title)));
      const titles = s.options.map((o) => o.title).sort();
      assert.deepEqual(titles, [
        `攻防演练${PAYLOADS.iframe}框架`,
        `攻防演练${PAYLOADS.img}图片`,
        `攻防演练${PAYLOADS.script}标题`,
        `攻防演练${PAYLOADS.svg}矢量`,
        '攻防演练&#x3C;img&#x3E;实体',
        '攻防演练&lt;script&gt;实体',
        '攻防演练 vbscript',
        // (a title keeps one space where it has whitespace, between CJK characters too)
        '攻防演练 制表符前缀',
        '攻防演练 换行前缀',
        '攻防演练 数据链接',
        '攻防演练 混合空白前缀',
        `孤立代理字节${REPLACEMENT.repeat(3)}标题`,
      ].sort());
      const snippets = s.options.map((o) => o.snippet).join('\n');
      for (const text of [PAYLOADS.script, PAYLOADS.img, PAYLOADS.svg, PAYLOADS.object, PAYLOADS.dataUrl,
        'javascript:alert(1)', 'JaVaScRiPt:alert(1)', '&lt;script&gt;与&#x3C;img&#x3E;都应原样显示',
        '&amp;lt;b&amp;gt; 与 &#60;svg&#62;', `正文${REPLACEMENT.repeat(3)}孤立代理字节`]) {
        assert.ok(snippets.includes(text), `snippet text ${JSON.stringify(text)} shown literally`);
      }
      // entities are not decoded anywhere
      assert.ok(!snippets.includes('<script>与'), 'entities stay entities');
      // The only links: the https one (escaped) and the same-origin ones that merely look like
      // entity-encoded javascript: ('&#x6A;avascript:…' is a relative path plus a #fragment).
      // (Links to the site's own pages carry the query for the article page's highlighting;
      // links to other sites do not.)
      const bare = (href) => {
        const u = new URL(href);
        const own = u.origin === new URL(plainSite.url).origin;
        assert.equal(u.searchParams.get('zh-highlight'), own ? '攻防演练' : null, href);
        if (own) u.searchParams.delete('zh-highlight');
        return u.href;
      };
      const hrefs = s.options.map((o) => o.href).filter(Boolean).map(bare).sort();
      assert.deepEqual(hrefs, [
        `${plainSite.url}/fixtures/pages/&#x6A;avascript:alert(1)`,
        `${plainSite.url}/fixtures/pages/java&#x09;script:alert(1)`,
        `https://example.org/${encodeURIComponent(REPLACEMENT).repeat(3)}`,
        'https://example.org/%3Cscript%3Ealert(1)%3C/script%3E',
      ].sort());
      for (const o of s.options) {
        if (!/实体|框架|孤立代理/.test(o.title)) assert.equal(o.href, null, `no link for ${o.title}`);
      }
      let dom = await page.evaluate(scanDom);
      assert.deepEqual(dom.active, 0, `tags in the shadow root: ${dom.tags}`);
      assert.deepEqual(dom.tags, ['button', 'div', 'input', 'kbd', 'li', 'mark', 'p', 'span', 'ul']);
      assert.deepEqual(dom.pageActive, 0);
      assert.deepEqual(dom.onAttributes, []);
      assert.deepEqual(dom.unsafeLinks, []);

      // 2. ids: every result chosen (click and Enter) reports its id literally in zh-search-select
      await page.evaluate(() => {
        window.__selected = [];
        window.__prevent = true;
        document.querySelector('zh-search').addEventListener('zh-search-select', (e) => {
          window.__selected.push(e.detail.hit.id);
          if (window.__prevent) e.preventDefault(); // stay on the page (some results have safe links)
        });
      });
      for (let i = 0; i < s.options.length; i++) {
        await page.locator(`zh-search [role=option] >> nth=${i} >> [part=snippet]`).click();
      }
      await box(page).focus();
      await box(page).press('ArrowDown');
      await box(page).press('Enter');
      const selected = await page.evaluate(() => window.__selected);
      assert.equal(selected.length, s.options.length + 1);
      assert.deepEqual([...new Set(selected)].sort(), [...IDS].sort());
      // clicking a title that is not a link (javascript:, data:, vbscript: urls) goes nowhere
      await page.evaluate(() => { window.__prevent = false; });
      // (and is not shown as clickable)
      const cursors = await page.evaluate(() => [...document.querySelector('zh-search').shadowRoot.querySelectorAll('[role=option]')]
        .map((li) => `${li.classList.contains('linked')} ${getComputedStyle(li).cursor}`));
      assert.deepEqual([...new Set(cursors)].sort(), ['false default', 'true pointer']);
      for (const o of await page.locator('zh-search li:not(.linked) [part=title]').all()) await o.click();
      await delay(200);
      const here = (u) => new URL(u).origin + new URL(u).pathname; // the query in ?q= changes, the page does not
      assert.equal(here(page.url()), here(start));
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'ZH-SEARCH', 'focus stays in the box');

      // 3. hostile queries typed into the box
      for (const q of [PAYLOADS.img, '"><script>alert(1)</script>', 'javascript:alert(1)', '&lt;script&gt;', '</li></ul><img src=x onerror=alert(1)>']) {
        await page.evaluate(() => { window.__zh.length = 0; });
        await box(page).fill('');
        await box(page).pressSequentially(q, { delay: 0 });
        await waitForResults(page, q);
        const st = await widgetState(page);
        assert.equal(st.value, q);
        assert.equal(st.error, null);
        // the status line repeats the query literally when nothing matches
        if (!st.options.length) assert.equal(st.status, `没有找到与“${q}”相关的文章`);
        dom = await page.evaluate(scanDom);
        assert.deepEqual([dom.active, dom.pageActive, dom.onAttributes, dom.unsafeLinks], [0, 0, [], []], q);
      }
      // A lone surrogate in the query (alone, inside a word, before a payload), set as
      // input.value + an input event, and through search(). Built in the page from code units:
      // strings crossing the DevTools protocol could have their lone surrogates replaced.
      const surrogates = [[0xd800], [0x653b, 0x9632, 0xdc00, 0x6f14, 0x7ec3], [0xd800, ...[...PAYLOADS.img].map((c) => c.charCodeAt(0))], [0xdfff]];
      for (const [i, units] of surrogates.entries()) {
        const r = await page.locator('zh-search').evaluate(async (el, [units, viaMethod]) => {
          window.__zh.length = 0;
          const q = String.fromCharCode(...units);
          const input = el.shadowRoot.querySelector('[part=input]');
          if (viaMethod) el.search(q);
          else {
            input.value = q;
            input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
          }
          const t0 = performance.now();
          while (!window.__zh.some((e) => e.type === 'zh-search-results' && e.query === q)) {
            if (performance.now() - t0 > 5000) return { timeout: true, events: window.__zh.map((e) => e.type) };
            await new Promise((r) => setTimeout(r, 20));
          }
          const status = el.shadowRoot.querySelector('[part=status]').textContent;
          return {
            sameValue: input.value === q,
            errors: window.__zh.filter((e) => e.type === 'zh-search-error').length,
            statusHasQuery: status.includes(q) || /^找到 \d+ 篇/.test(status),
            status: status.replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
          };
        }, [units, i === surrogates.length - 1]);
        assert.deepEqual({ ...r, status: undefined }, { sameValue: true, errors: 0, statusHasQuery: true, status: undefined }, JSON.stringify(r));
        dom = await page.evaluate(scanDom);
        assert.deepEqual([dom.active, dom.pageActive, dom.onAttributes, dom.unsafeLinks], [0, 0, [], []], JSON.stringify(units));
      }
      // the search still works afterwards
      await search(page, '孤立代理');
      const last = await widgetState(page);
      assert.deepEqual(last.options.map((o) => o.title).sort(), ['孤立代理之后的正常记录', `孤立代理字节${REPLACEMENT.repeat(3)}标题`]);

      await delay(200);
      assert.deepEqual(dialogs, []);
      assert.equal(await page.evaluate(() => window.__alerted ?? 0), 0);
      await page.locator('#host-button').click();
      assert.equal(await page.locator('#host-count').textContent(), '1');
    } finally {
      await context.close();
    }
  });

  test('an index of another format version: a clear message, the host page keeps working', T, async () => {
    const { context, page } = await openPage(browser, problems, `${site.url}/fixtures/pages/version.html`);
    try {
      await waitForError(page);
      const s = await widgetState(page);
      assert.equal(s.error, '搜索索引文件无效：version7.zhs（unsupported index format version 7 (this build reads version 6)）');
      assert.equal(await page.locator('zh-search [part=error]').getAttribute('role'), 'alert');
      const ev = (await events(page)).filter((e) => e.type === 'zh-search-error');
      assert.equal(ev.length, 1);
      assert.match(ev[0].message, /version 6/);
      const rejected = await page.evaluate(() => document.querySelector('zh-search').ready.then(() => 'resolved', (e) => `rejected: ${e.message}`));
      assert.match(rejected, /^rejected: .*version 6/);
      // typing keeps the message (no blank box, no exception)
      await box(page).fill('乡村振兴');
      await delay(400);
      const typed = await widgetState(page);
      assert.match(typed.error, /version 6/);
      assert.equal(typed.options.length, 0);
      // the host page's script and controls still work
      assert.equal(await page.locator('body').getAttribute('data-host'), 'ok');
      await page.locator('#host-button').click();
      await page.locator('#host-button').click();
      assert.equal(await page.locator('#host-count').textContent(), '2');
      await page.locator('#other').fill('宿主输入');
      assert.equal(await page.locator('#other').inputValue(), '宿主输入');

      // other impossible versions, in English; then a good index recovers
      await page.locator('zh-search').evaluate((el) => { el.setAttribute('lang', 'en'); el.setAttribute('index', '/build/version-max.zhs'); });
      await page.waitForFunction(() => /4294967295/.test(document.querySelector('zh-search').shadowRoot.querySelector('[part=error]').textContent));
      assert.equal((await widgetState(page)).error,
        'The search index file is invalid: version-max.zhs (unsupported index format version 4294967295 (this build reads version 6))');
      await page.locator('zh-search').evaluate((el) => el.setAttribute('index', '/build/version0.zhs'));
      await page.waitForFunction(() => /version 0 /.test(document.querySelector('zh-search').shadowRoot.querySelector('[part=error]').textContent));
      await page.locator('zh-search').evaluate((el) => el.setAttribute('index', '/build/urls.zhs'));
      await ready(page);
      await search(page, '社区');
      const ok = await widgetState(page);
      assert.equal(ok.error, null);
      assert.equal(ok.options.length, 1);
      assert.equal(await page.locator('#host-count').textContent(), '2');
    } finally {
      await context.close();
    }
  });

  test('ten seconds of fast typing: last query shown, no errors, no memory growth', { timeout: 120_000 }, async () => {
    const { context, page } = await openPage(browser, problems, null);
    // Record every WebAssembly.Memory the page instantiates (wasm-bindgen does not export it).
    await context.addInitScript(() => {
      window.__wasmMemories = [];
      const keep = (result) => {
        const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
        for (const v of Object.values(instance?.exports ?? {})) {
          if (v instanceof WebAssembly.Memory) window.__wasmMemories.push(v);
        }
        return result;
      };
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        if (original) WebAssembly[name] = function (...args) { return original.apply(this, args).then(keep); };
      }
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // Measured with the box cleared (no results on screen), so that the DOM is in the same state
    // each time; `restore` puts the query back.
    const measure = async ({ restore = true } = {}) => {
      const value = await page.locator('zh-search').evaluate((el) => {
        const input = el.shadowRoot.querySelector('[part=input]');
        const v = input.value;
        input.value = '';
        input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'deleteContentBackward' }));
        return v;
      });
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
      const counters = await cdp.send('Memory.getDOMCounters');
      const wasm = await page.evaluate(() => window.__wasmMemories.map((mem) => mem.buffer.byteLength));
      const shown = await page.locator('zh-search').evaluate((el) => el.shadowRoot.querySelectorAll('li').length);
      if (restore) await page.locator('zh-search').evaluate((el, v) => { el.value = v; }, value);
      return { heap: m.JSHeapUsedSize, nodes: counters.nodes, listeners: counters.jsEventListeners, wasm, shown };
    };
    try {
      await page.goto(`${site.url}/index.html`);
      await ready(page);
      // limit 3: many queries have a "more" button (乡村振兴 has 5 hits)
      await page.locator('zh-search').evaluate((el) => el.setAttribute('limit', '3'));
      // every helper used at the end runs once now, so its own (Playwright) objects are in the
      // warm-up measurement too
      await search(page, '党建');
      await widgetState(page);
      await events(page);
      await box(page).focus();

      const WORDS = ['乡村振兴', '刘万玺', '五星支部', '支部', '党建', '服务', '乡村', '振兴', '五星', '南乐县', '为民服务', '基层治理'];
      let queries = 0;
      let clicksMore = 0;
      // One round: a few real keystroke bursts (select all + type), then ~400 ms of in-page
      // input events at 0-15 ms intervals, with a pause past the debounce now and then so that
      // results really render (and get replaced), and the "more" button sometimes.
      const round = async () => {
        await page.keyboard.press('Control+a');
        const w = WORDS[Math.floor(Math.random() * WORDS.length)];
        await page.keyboard.type(w, { delay: 0 });
        queries += w.length;
        const r = await page.evaluate(async (words) => {
          const el = document.querySelector('zh-search');
          const box = el.shadowRoot.querySelector('[part=input]');
          const rand = (n) => Math.floor(Math.random() * n);
          const cjk = () => String.fromCodePoint(0x4e00 + rand(0x9fa5 - 0x4e00));
          const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
          let n = 0, more = 0;
          const end = performance.now() + 400;
          while (performance.now() < end) {
            const k = rand(10);
            const w = words[rand(words.length)];
            box.value = k < 5 ? w : k < 7 ? w.slice(0, 1 + rand(w.length)) : k < 8 ? w + cjk() : k < 9 ? cjk() + cjk() : '';
            box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
            n++;
            if (rand(10) === 0) {
              await sleep(130 + rand(40)); // past the debounce: a real search and render
              const btn = el.shadowRoot.querySelector('[part=more]');
              if (!btn.hidden && rand(2) === 0) { btn.click(); more++; }
            } else {
              await sleep(rand(15));
            }
          }
          return { n, more };
        }, WORDS);
        queries += r.n;
        clicksMore += r.more;
      };
      const typeFor = async (ms) => {
        const end = Date.now() + ms;
        while (Date.now() < end) await round();
      };

      const t0 = Date.now();
      await typeFor(2000); // warm-up
      const warm = await measure();
      await typeFor(5000 - (Date.now() - t0));
      const mid = await measure();
      await typeFor(10_000 - (Date.now() - t0));
      const elapsed = Date.now() - t0;
      const late = await measure();

      // the final query
      const FINAL = '乡村振兴';
      await page.evaluate(() => { window.__zh.length = 0; });
      await page.keyboard.press('Control+a');
      await page.keyboard.type(FINAL, { delay: 0 });
      queries++;
      await waitForResults(page, FINAL);
      await delay(600); // anything stale that could still arrive, arrives

      const ev = (await events(page)).filter((e) => e.type === 'zh-search-results');
      assert.equal(ev.at(-1).query, FINAL);
      assert.equal(ev.at(-1).offset, 0);
      const s = await widgetState(page);
      assert.equal(s.value, FINAL);
      assert.equal(s.error, null);
      const total = ev.at(-1).total;
      assert.equal(total, 11); // stories on the five pages
      assert.equal(s.options.length, Math.min(total, 3), 'one page of results (limit 3), nothing left over');
      assert.equal(s.more, true);
      assert.equal(new Set(s.options.map((o) => o.id)).size, s.options.length);
      assert.match(s.status, new RegExp(`^找到 ${total} 篇`));
      const marks = [...s.options[0].titleMarks, ...s.options[0].marks];
      assert.ok(marks.length > 0, 'the first hit is highlighted');
      for (const m of marks) assert.ok(FINAL.includes(m), `mark ${m} belongs to ${FINAL}`);
      assert.ok(s.options[0].snippet.includes(FINAL) || s.options[0].title.includes(FINAL));
      const liCount = await page.locator('zh-search').evaluate((el) => el.shadowRoot.querySelectorAll('li').length);
      assert.equal(liCount, s.options.length);

      const end = await measure({ restore: false });
      const report = { elapsed, queries, clicksMore, warm, mid, late, end };
      console.log(`# fast typing: ${JSON.stringify(report)}`);
      assert.ok(queries >= 200, `only ${queries} queries in ${elapsed} ms`);
      assert.ok(clicksMore > 0, 'the "more" button was used');
      for (const [when, m] of [['10 s', late], ['after the final query', end]]) {
        // JS heap after GC: a per-query leak of results would grow it by megabytes
        assert.ok(m.heap <= warm.heap * 1.5 + 2 * 2 ** 20, `JS heap ${warm.heap} -> ${m.heap} (${when})`);
        // DOM nodes after GC: no accumulation of (detached) result lists; ~12 nodes per result
        assert.equal(m.shown, 0);
        assert.ok(m.nodes <= warm.nodes + 100, `DOM nodes ${warm.nodes} -> ${m.nodes} (${when})`);
        assert.ok(m.listeners <= warm.listeners + 20, `listeners ${warm.listeners} -> ${m.listeners} (${when})`);
        // one wasm instance for the page; its memory may have grown once, but not from 5 s on
        assert.equal(m.wasm.length, 1, `wasm memories: ${m.wasm}`);
        assert.ok(m.wasm[0] - mid.wasm[0] <= 4 * 65536, `wasm memory ${mid.wasm[0]} -> ${m.wasm[0]} (${when})`);
      }
      // listeners: the typing itself adds none (the page's own count, before the final helpers)
      assert.ok(late.listeners <= warm.listeners + 2, `listeners ${warm.listeners} -> ${late.listeners}`);
    } finally {
      await context.close();
    }
  });

  test('no console errors or uncaught page errors in any robustness test', () => {
    assert.deepEqual(problems, []);
  });
});
