// The npm package: `npm pack` at the root makes the tarball (the element, its modules, the wasm
// module without the default articles and its glue, TypeScript declarations); a scratch project
// installs it from the .tgz path, offline, and a page of that project searches from its
// node_modules, with the element and with the wasm API; the declarations type-check.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, FIXTURES, launch, openPage, startServer } from './helpers.js';

const CLI = path.join(ROOT, 'target/release/zhsearch');
const T = { timeout: 60_000 };

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const PAGE = `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>npm 安装</title>
<link rel="icon" href="data:,"><script type="module" src="/node_modules/zhsearch/www/zh-search.js"></script></head>
<body><main><h1>npm 安装</h1><zh-search index="/site.zhs" filters="栏目" sort meta="author"></zh-search></main></body></html>`;

const API_PAGE = `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>API</title>
<link rel="icon" href="data:,"><script type="module" src="/api.js"></script></head><body><main><h1>API</h1></main></body></html>`;

// The wasm API from node_modules, as a bundler-free page would use it.
const API_JS = `import init, { SearchIndex, formatVersion } from '/node_modules/zhsearch/www/pkg/zhsearch_widget.js';
await init();
const bytes = new Uint8Array(await (await fetch('/site.zhs')).arrayBuffer());
const index = SearchIndex.fromBytes(bytes);
const r = index.search('', { filters: { 栏目: ['通知公告'] }, sort: '-date', facets: true });
document.body.dataset.result = JSON.stringify({ version: formatVersion(), docs: index.docCount, titles: r.hits.map((h) => h.title), facets: r.facets, meta: r.hits[0].meta });
`;

// Uses the declarations the way a TypeScript project would (package exports, strict).
const CHECK_TS = `import { ZhSearch, type ZhSearchResultsDetail, type Narrowing } from 'zhsearch';
import init, { SearchIndex, SplitSearch, type SearchOptions, type SearchResults } from 'zhsearch/pkg';
const el: ZhSearch | null = document.querySelector('zh-search');
el?.addEventListener('zh-search-results', (e) => {
  const d: ZhSearchResultsDetail = e.detail;
  const n: Narrowing = d.narrowing;
  console.log(d.total, d.facets['栏目']?.['要闻'], n.filters['栏目'], d.fetched?.bytes);
});
el?.addEventListener('zh-search-select', (e) => { if (e.detail.href === null) e.preventDefault(); });
el?.search('乡村振兴');
export async function f(): Promise<number> {
  await init();
  const options: SearchOptions = { filters: { 栏目: ['要闻', '通知公告'] }, after: '2023', before: '2024-06', sort: '-date', facets: true, limit: 5 };
  const split = await SplitSearch.open('/search/');
  const r: SearchResults = await split.search('燃气', options);
  const one = SearchIndex.fromBytes(new Uint8Array(8)).search('燃气');
  // @ts-expect-error: not an order the engine knows
  split.search('燃气', { sort: 'newest' });
  return r.hits.length + one.total + (r.hits[0]?.meta?.['author']?.length ?? 0) + (r.facets?.['栏目']?.['要闻'] ?? 0);
}
`;

describe('npm package', { timeout: 600_000 }, () => {
  let dir, app, tgz, site, browser;
  const problems = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-npm-'));
    // npm pack (prepack refuses without www/pkg); a private cache: nothing from the registry
    const out = run('npm', ['pack', '--json', '--pack-destination', dir, '--cache', path.join(dir, 'cache')], ROOT);
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    tgz = path.join(dir, info.filename);
    app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-portal', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', path.join(dir, 'cache'), tgz], app);
    run(CLI, ['index', '-q', path.join(FIXTURES, 'portal/articles.jsonl'), '-o', path.join(app, 'site.zhs'), '--filter-field', '栏目'], ROOT);
    fs.writeFileSync(path.join(app, 'index.html'), PAGE);
    fs.writeFileSync(path.join(app, 'api.html'), API_PAGE);
    fs.writeFileSync(path.join(app, 'api.js'), API_JS);
    site = await startServer({ '/': app }, { csp: true });
    browser = await launch();
  }, { timeout: 300_000 });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds the element, its modules, the wasm without articles and the declarations', () => {
    const files = run('tar', ['-tzf', tgz], dir).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['www/zh-search.js', 'www/zh-search.min.js', 'www/zh-search-index.js', 'www/zh-search-controller.js', 'www/zh-search-strings.js',
      'www/zh-search-styles.js', 'www/zh-highlight.js', 'www/pkg/zhsearch_widget.js', 'www/pkg/zhsearch_widget_bg.wasm',
      'npm/zh-search.d.ts', 'npm/zhsearch-widget.d.ts', 'package.json', 'README.md']) {
      assert.ok(files.includes(f), `${f} in ${files.join(' ')}`);
    }
    if (fs.existsSync(path.join(ROOT, 'LICENSE'))) assert.ok(files.includes('LICENSE'));
    assert.ok(!files.some((f) => f.startsWith('www/pkg-embedded/')), 'not the module with the default articles');
    assert.ok(!files.some((f) => /^(tests|engine|src|cli|articles|node_modules)\//.test(f)), files.join(' '));
    // every module the element imports is in the package (the service worker lists them too)
    const sw = fs.readFileSync(path.join(app, 'node_modules/zhsearch/www/sw.js'), 'utf8');
    for (const f of files.filter((x) => /^www\/zh-[a-z-]+\.js$/.test(x))) assert.ok(sw.includes(`'./${f.slice(4)}'`), f);
  });

  test('a page of the scratch project searches with the element from node_modules (filters too), never loading the default articles', T, async () => {
    const { context, page } = await openPage(browser, problems, `${site.url}/index.html`);
    try {
      await page.evaluate(async () => { await customElements.whenDefined('zh-search'); await document.querySelector('zh-search').ready; });
      await page.locator('zh-search [part=input]').fill('燃气安全');
      await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results' && e.query === '燃气安全'));
      await page.locator('zh-search [part=chip]').filter({ hasText: '通知公告' }).click();
      await page.waitForFunction(() => window.__zh.some((e) => e.type === 'zh-search-results' && e.narrowing.filters.栏目?.length === 1));
      const titles = await page.evaluate(() => [...document.querySelector('zh-search').shadowRoot.querySelectorAll('[part=title]')].map((t) => t.textContent));
      assert.deepEqual(titles.sort(), ['关于开展燃气安全入户检查的通知', '春节期间燃气安全提示'].sort());
      assert.ok(site.requests.includes('/node_modules/zhsearch/www/pkg/zhsearch_widget_bg.wasm'), site.requests.join(' '));
      assert.ok(!site.requests.some((r) => r.includes('pkg-embedded')), site.requests.join(' '));
    } finally {
      await context.close();
    }
  });

  test('the wasm API from node_modules: SearchIndex with filters, order and facets', T, async () => {
    const { context, page } = await openPage(browser, problems, `${site.url}/api.html`);
    try {
      await page.waitForFunction(() => document.body.dataset.result);
      const r = JSON.parse(await page.evaluate(() => document.body.dataset.result));
      assert.equal(r.docs, 8);
      assert.deepEqual(r.titles, ['春节期间燃气安全提示', '关于开展燃气安全入户检查的通知', '关于2023年度乡村振兴项目申报的通知']);
      assert.deepEqual(r.facets.栏目, { 要闻: 3, 通知公告: 3, 政策解读: 2 });
      assert.deepEqual(r.meta.author, ['市城管局']);
      assert.equal(typeof r.version, 'number');
    } finally {
      await context.close();
    }
  });

  test('the declarations type-check in a strict TypeScript project through the package exports', () => {
    fs.writeFileSync(path.join(app, 'check.ts'), CHECK_TS);
    run(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext',
      '--moduleResolution', 'bundler', '--lib', 'es2022,dom,dom.iterable,esnext.disposable', 'check.ts'], app);
  });

  test('no console errors or uncaught page errors', () => {
    assert.deepEqual(problems, []);
  });
});
