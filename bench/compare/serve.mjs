// The side-by-side harness as a static host serves it, shared by run.mjs and waterfall.mjs:
// one page per engine (harness.html with the engine's own <head> lines, engines/NAME.head.html:
// what its documentation tells a page to add, e.g. preloads, and a modulepreload of the script
// a page would load itself, which the harness imports two modules deep), the engines' build
// outputs, the article pages; HTTP/2 over TLS, brotli where it helps, range requests,
// cross-origin isolated.
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../../tests/e2e/server.js';

const here = path.dirname(new URL(import.meta.url).pathname);

/**
 * Serves OUT_DIR's engines/ENGINE builds beside the harness. Returns {origin, counted(url),
 * pageUrl(engine, firstQuery), close()}; `counted` is true for the engines' own files (JS, wasm,
 * index files, fragments), not the harness.
 */
export async function serveHarness(outDir, engines) {
  const pages = fs.mkdtempSync(path.join(outDir, 'pages-'));
  const harness = fs.readFileSync(path.join(here, 'harness.html'), 'utf8');
  for (const e of engines) {
    const head = path.join(here, 'engines', `${e}.head.html`);
    const extra = fs.existsSync(head) ? fs.readFileSync(head, 'utf8') : '';
    fs.writeFileSync(path.join(pages, `harness-${e}.html`), harness.replace('</head>', `${extra}</head>`));
  }
  const mounts = {
    '/pages/': pages,
    '/harness.html': path.join(here, 'harness.html'),
    '/harness.mjs': path.join(here, 'harness.mjs'),
    '/engines/': path.join(here, 'engines'),
    '/a/': path.join(outDir, 'site/a'),
  };
  for (const e of engines) mounts[`/${e}/`] = path.join(outDir, 'engines', e);
  const server = await startServer(mounts, {
    brotli: true,
    http2: true,
    // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs.
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
  });
  for (const e of engines) server.warm(path.join(outDir, 'engines', e));
  const origin = server.url;
  const harnessFile = (url) => {
    const p = new URL(url).pathname;
    return p === '/harness.html' || p === '/harness.mjs' || p.startsWith('/engines/') || p.startsWith('/pages/');
  };
  return {
    origin,
    counted: (url) => url.startsWith(origin) && !harnessFile(url),
    pageUrl: (engine, q) => `${origin}/pages/harness-${engine}.html?engine=${engine}&q=${encodeURIComponent(q)}`,
    async close() {
      await server.close();
      fs.rmSync(pages, { recursive: true, force: true });
    },
  };
}
