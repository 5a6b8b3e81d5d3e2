// Unit tests of the element's DOM-free search controller (www/zh-search-controller.js) and its
// messages (www/zh-search-strings.js), in node with a fake index and a virtual clock: no browser,
// no timing. (Kept in tests/e2e/ so that `node --test tests/e2e/`, which CI runs, runs them.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchController, TIMING } from '../../www/zh-search-controller.js';
import { STRINGS, statusText, missingTerm, shorten, stringsFor, uiLang } from '../../www/zh-search-strings.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

// Virtual time: timers run in order as the test advances the clock.
class Clock {
  t = 0;
  #id = 0;
  timers = new Map();
  now = () => this.t;
  setTimeout = (f, ms) => {
    const id = ++this.#id;
    this.timers.set(id, { at: this.t + Math.max(0, ms), f });
    return id;
  };
  clearTimeout = (id) => { this.timers.delete(id); };
  async advance(ms) {
    const end = this.t + ms;
    await flush();
    for (;;) {
      const [id, next] = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (!next) break;
      this.timers.delete(id);
      this.t = next.at;
      next.f();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

// An index of `total` hits for any query (relaxed when it says so); `delays` holds answers back.
function fakeIndex({ total = 35, relaxed = {}, hold } = {}) {
  const calls = [];
  return {
    calls,
    kind: 'single',
    async search(query, { limit, offset }) {
      calls.push({ query, limit, offset });
      if (hold) await hold(query);
      const n = query.startsWith('-') || /^[“”"]+$/.test(query) || query === '无' ? 0 : total;
      const hits = Array.from({ length: Math.max(0, Math.min(limit, n - offset)) }, (_, i) => ({ id: `${query}#${offset + i}` }));
      return { query, total: n, pages: n, hits, elapsedMs: 0.04, relaxed: relaxed[query] };
    },
  };
}

async function setup({ index = fakeIndex(), loaded = Promise.resolve(index), lang = 'zh-Hans', limit = 10 } = {}) {
  const clock = new Clock();
  const log = { statuses: [], pages: [], announced: [], settled: [], errors: [], clears: 0 };
  const view = {
    strings: () => STRINGS[lang],
    options: () => ({ limit, passages: 1 }),
    status: (t) => log.statuses.push(t),
    results: (p) => log.pages.push(p),
    clear: () => { log.clears++; },
    error: (m, e) => log.errors.push([m, e]),
    announce: (t) => log.announced.push([clock.t, t]),
    settled: (s) => log.settled.push(s),
  };
  const c = new SearchController(view, { clock });
  c.setIndex(loaded);
  await flush(); // a resolved index is known to be loaded (a pending one stays pending)
  return { c, clock, log, index };
}

// Types `text` one character per `every` ms (each keystroke an input with the text so far).
async function type(ctx, text, every) {
  const chars = Array.from(text);
  for (let i = 1; i <= chars.length; i++) {
    ctx.c.input(chars.slice(0, i).join(''));
    await ctx.clock.advance(every);
  }
}

describe('search controller', () => {
  test('a steady typist (a key per 100 ms) sees results follow: a search at least every maxWait', async () => {
    const ctx = await setup();
    const query = '南乐县乡村振兴工作';
    const starts = [];
    const orig = ctx.index.search.bind(ctx.index);
    ctx.index.search = (q, o) => { starts.push([ctx.clock.t, q]); return orig(q, o); };
    await type(ctx, query, 100);
    // every keystroke's text is at most maxWait behind: searches run while typing goes on
    const times = starts.map(([t]) => t);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] <= TIMING.maxWaitMs, JSON.stringify(starts));
    assert.ok(starts.length >= 3 && starts.length < query.length, JSON.stringify(starts));
    await ctx.clock.advance(TIMING.debounceMs);
    assert.equal(ctx.log.pages.at(-1).query, query, 'the last text is searched');
  });

  test('a fast burst is debounced; the first key after a pause searches at once', async () => {
    const ctx = await setup();
    await type(ctx, '刘万玺', 10);
    assert.deepEqual(ctx.index.calls.map((x) => x.query), ['刘']);
    await ctx.clock.advance(TIMING.debounceMs);
    assert.deepEqual(ctx.index.calls.map((x) => x.query), ['刘', '刘万玺']);
    await ctx.clock.advance(1000);
    ctx.c.input('刘万');
    await flush();
    assert.equal(ctx.index.calls.at(-1).query, '刘万');
  });

  test('announced once when typing settles, with no timing; the status has none either', async () => {
    const ctx = await setup();
    await type(ctx, '南乐县乡村振兴工作', 50);
    await ctx.clock.advance(5000);
    assert.equal(ctx.log.announced.length, 1, JSON.stringify(ctx.log.announced));
    const [[at, text]] = ctx.log.announced;
    assert.equal(text, '找到 35 篇');
    assert.ok(at >= 8 * 50 + TIMING.settleMs, `announced at ${at}`);
    for (const p of ctx.log.pages) assert.doesNotMatch(p.status, /毫秒|ms/);
    // the URL follows at the same moment, once
    assert.deepEqual(ctx.log.settled, [{ query: '南乐县乡村振兴工作', shown: 10 }]);
  });

  test('the relaxed-match notice is announced with the count', async () => {
    const ctx = await setup({ index: fakeIndex({ total: 2, relaxed: { 南乐县乡村振兴工作: '南乐县 乡村振兴 工作' } }) });
    ctx.c.submit('南乐县乡村振兴工作');
    await ctx.clock.advance(0);
    assert.deepEqual(ctx.log.announced.map(([, t]) => t), ['没有完全匹配的结果，以下包含：南乐县 乡村振兴 工作。找到 2 篇']);
  });

  test('the loading text is shown while the index loads and announced once', async () => {
    let resolve;
    const index = fakeIndex();
    const ctx = await setup({ index, loaded: new Promise((r) => { resolve = () => r(index); }) });
    await type(ctx, '乡村振兴', 200);
    assert.deepEqual(ctx.log.announced.map(([, t]) => t), ['正在加载搜索索引…']);
    resolve();
    await ctx.clock.advance(2000);
    assert.deepEqual(ctx.log.announced.map(([, t]) => t), ['正在加载搜索索引…', '找到 35 篇']);
    assert.equal(ctx.log.pages.length, 1, 'only the last query is rendered');
    assert.equal(ctx.log.pages[0].query, '乡村振兴');
  });

  test('more: the next page, announced as what was added', async () => {
    const ctx = await setup();
    ctx.c.submit('社区');
    await ctx.clock.advance(0);
    ctx.c.more();
    await ctx.clock.advance(0);
    const p = ctx.log.pages.at(-1);
    assert.deepEqual([p.offset, p.first, p.hits.length, p.left], [10, 10, 10, 15]);
    assert.equal(ctx.log.announced.at(-1)[1], '已加载 10 篇，共 35 篇');
    ctx.c.more();
    await ctx.clock.advance(0);
    ctx.c.more();
    await ctx.clock.advance(0);
    assert.equal(ctx.log.announced.at(-1)[1], '已加载 5 篇，共 35 篇');
    assert.equal(ctx.log.pages.at(-1).left, 0);
    assert.equal(ctx.c.shown, 35);
    ctx.c.more(); // nothing left: no search
    await ctx.clock.advance(0);
    assert.equal(ctx.index.calls.length, 4);
  });

  test('a slower older answer never overwrites a newer one', async () => {
    const gates = new Map();
    const index = fakeIndex({ hold: (q) => new Promise((r) => gates.set(q, r)) });
    const ctx = await setup({ index });
    ctx.c.submit('乡村');
    await flush();
    ctx.c.submit('刘万玺');
    await flush();
    gates.get('刘万玺')();
    await ctx.clock.advance(0);
    gates.get('乡村')();
    await ctx.clock.advance(0);
    assert.deepEqual(ctx.log.pages.map((p) => p.query), ['刘万玺']);
  });

  test('restore: the query with as many results as were shown, announced once', async () => {
    const ctx = await setup();
    await ctx.c.restore('社区', 30, 10);
    await ctx.clock.advance(0);
    assert.equal(ctx.c.shown, 30);
    assert.deepEqual(ctx.index.calls.map((x) => x.offset), [0, 10, 20]);
    assert.deepEqual(ctx.log.announced.map(([, t]) => t), ['找到 35 篇']);
  });

  test('a failed index load is reported once, in the element\'s language; typing then does nothing', async () => {
    const err = Object.assign(new Error('HTTP 404'), { kind: 'missing', status: 404, file: 'site.zhs' });
    const loaded = Promise.reject(err);
    const ctx = await setup({ loaded, lang: 'en' });
    await ctx.clock.advance(0);
    assert.deepEqual(ctx.log.errors.map(([m]) => m), ['The search index could not be loaded: site.zhs (HTTP 404)']);
    ctx.c.input('乡村');
    await ctx.clock.advance(1000);
    assert.equal(ctx.log.pages.length, 0);
  });

  test('clearing drops results and any answer on its way; the URL follows once typing settles', async () => {
    const ctx = await setup();
    ctx.c.input('乡村');
    await ctx.clock.advance(2000);
    ctx.c.input('');
    assert.equal(ctx.log.clears > 0, true);
    await ctx.clock.advance(2000);
    assert.deepEqual(ctx.log.settled.at(-1), { query: '', shown: 0 });
  });
});

describe('messages', () => {
  const t = STRINGS['zh-Hans'];
  test('a lone exclusion asks for a term to search', () => {
    assert.equal(missingTerm('-南乐'), 'excluded');
    assert.equal(missingTerm('－南乐 -北京'), 'excluded');
    assert.equal(missingTerm('志愿服务-南乐'), null);
    assert.equal(missingTerm('志愿服务 -南乐'), null);
    assert.equal(statusText(t, '-南乐', 0, 0), '“-南乐”只排除文章，请再输入要查找的词（如：志愿服务 -南乐）');
    assert.match(statusText(STRINGS.en, '-南乐', 0, 0), /only excludes articles: add a word/);
    assert.match(statusText(STRINGS['zh-Hant'], '-南乐', 0, 0), /只排除文章，請再輸入/);
  });

  test('a lone quotation mark (or minus) is not echoed back', () => {
    for (const q of ['“', '”', '"', '「」', '""', '-', ' — ']) {
      assert.equal(missingTerm(q), 'empty', q);
      assert.equal(statusText(t, q, 0, 0), '请输入要查找的词语');
    }
    assert.equal(statusText(STRINGS.en, '“', 0, 0), 'Type a word to search for');
    assert.equal(statusText(STRINGS['zh-Hant'], '“', 0, 0), '請輸入要查找的詞語');
    assert.equal(statusText(t, '“五星', 0, 0), '没有找到与““五星”相关的文章');
  });

  test('a 1,200-character query is not echoed whole', () => {
    const q = '乡'.repeat(1200);
    for (const s of [STRINGS['zh-Hans'], STRINGS['zh-Hant'], STRINGS.en]) {
      const msg = statusText(s, q, 0, 0);
      assert.ok(msg.length < 80, msg);
      assert.ok(msg.includes(`${'乡'.repeat(40)}…`), msg);
    }
    assert.equal(shorten('😀'.repeat(50)).length, 81, 'cut between characters, not inside a surrogate pair');
  });

  test('counts without timing, in all three languages', () => {
    assert.equal(statusText(STRINGS['zh-Hans'], 'q', 9, 5), '找到 9 篇（5 个版面）');
    assert.equal(statusText(STRINGS['zh-Hant'], 'q', 9, 5), '找到 9 篇（5 個版面）');
    assert.equal(statusText(STRINGS.en, 'q', 9, 5), '9 results on 5 pages');
    assert.equal(statusText(STRINGS.en, 'q', 1, 1), '1 result');
  });

  test('UI language: zh-Hant for TW/HK/MO, en for en-*, zh-Hans otherwise', () => {
    assert.equal(stringsFor('zh-TW'), STRINGS['zh-Hant']);
    assert.equal(stringsFor('en-GB'), STRINGS.en);
    assert.equal(stringsFor('fr'), STRINGS['zh-Hans']);
    assert.equal(uiLang('fr'), 'zh-Hans');
    assert.equal(uiLang('en-GB'), 'en-GB');
  });
});

describe('filters, dates and order in the controller', () => {
  // An index that records the options of every search.
  function recordingIndex() {
    const calls = [];
    return {
      calls,
      kind: 'single',
      async search(query, options) {
        calls.push({ query, ...options });
        const n = query || options.filters || options.after ? 3 : 0;
        const hits = Array.from({ length: Math.min(options.limit, n) }, (_, i) => ({ id: `${query}#${i}` }));
        return { query, total: n, pages: n, hits, facets: options.facets ? { 栏目: { 要闻: n } } : undefined };
      },
    };
  }

  test('a chip chosen with an empty box lists articles (browse), announced at once, with the options set', async () => {
    const ctx = await setup({ index: recordingIndex() });
    ctx.c.narrow({ filters: { 栏目: ['要闻', '要闻', ''] }, sort: '-date' });
    await ctx.clock.advance(0);
    const call = ctx.index.calls.at(-1);
    assert.equal(call.query, '');
    assert.deepEqual(call.filters, { 栏目: ['要闻'] });
    assert.equal(call.sort, '-date');
    assert.equal('after' in call, false, 'only what is set');
    assert.deepEqual(ctx.log.announced.map(([, t]) => t), ['找到 3 篇']);
    assert.deepEqual(ctx.log.pages.at(-1).hits.length, 3);
  });

  test('emptying the box with filters chosen lists what they leave; letting the last one go drops the results', async () => {
    const ctx = await setup({ index: recordingIndex() });
    ctx.c.narrow({ filters: { 栏目: ['要闻'] } });
    ctx.c.input('燃气');
    await ctx.clock.advance(2000);
    assert.equal(ctx.log.pages.at(-1).query, '燃气');
    ctx.c.input('');
    await ctx.clock.advance(2000);
    assert.equal(ctx.log.pages.at(-1).query, '', 'browse');
    const clears = ctx.log.clears;
    ctx.c.narrow({ filters: {} });
    await ctx.clock.advance(0);
    assert.equal(ctx.log.clears, clears + 1);
    assert.deepEqual(ctx.log.settled.at(-1), { query: '', shown: 0 });
    assert.equal(ctx.c.narrowing.sort, 'relevance');
  });

  test('restore brings back the query with its filters and dates; overview counts the whole index', async () => {
    const ctx = await setup({ index: recordingIndex() });
    await ctx.c.restore('', 0, 10, { filters: { 栏目: ['通知公告'] }, after: '2023' });
    const call = ctx.index.calls.at(-1);
    assert.deepEqual([call.query, call.filters, call.after], ['', { 栏目: ['通知公告'] }, '2023']);
    assert.deepEqual(await ctx.c.overview(), { 栏目: { 要闻: 0 } }, 'an empty query: the engine counts what it lists');
  });

  test('narrowings compare by content; browses() needs a value or a bound', async () => {
    const { normalizeNarrowing, sameNarrowing, browses } = await import('../../www/zh-search-controller.js');
    assert.ok(sameNarrowing({ filters: { a: ['x', 'y'] } }, { filters: { a: ['y', 'x'], b: [] }, sort: 'bogus' }));
    assert.ok(!sameNarrowing({ after: '2023' }, {}));
    assert.equal(browses(normalizeNarrowing({ sort: '-date' })), false);
    assert.equal(browses(normalizeNarrowing({ before: '2024' })), true);
  });

  test('messages: nothing in the chosen range, in all three languages; date bounds as typed', async () => {
    const { dateBound } = await import('../../www/zh-search-strings.js');
    assert.equal(statusText(STRINGS['zh-Hans'], '', 0, 0, true), '所选范围内没有文章');
    assert.equal(statusText(STRINGS['zh-Hant'], '燃气', 0, 0, true), '所選範圍內沒有找到與「燃气」相關的文章');
    assert.equal(statusText(STRINGS.en, '燃气', 0, 0, true), 'No articles match “燃气” with these filters');
    assert.equal(statusText(STRINGS['zh-Hans'], '-南乐', 0, 0, true), '“-南乐”只排除文章，请再输入要查找的词（如：志愿服务 -南乐）');
    const cases = {
      2024: '2024', '2024-1': '2024-01', '2024/1/4': '2024-01-04', '2024年1月4日': '2024-01-04', '2024年1月': '2024-01',
      '２０２４．１': '2024-01', '': '', '2024-13': null, '2023-02-29': null, '2024-02-29': '2024-02-29', 1899: null, 昨天: null, '24': null,
    };
    for (const [text, want] of Object.entries(cases)) assert.equal(dateBound(text), want, text);
  });
});
