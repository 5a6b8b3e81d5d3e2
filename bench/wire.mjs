// Bytes on the wire and slow-network emulation, shared by the side-by-side run and the scale
// sweep. Bytes are what Chromium received for each finished request (Playwright's
// request.sizes(): response headers and body as transferred, compressed when the server
// compressed), counted for the page and its dedicated workers (Pagefind searches in one).

/** Chromium's emulation of a slow 4G phone: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. */
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

/**
 * Counts what `page` receives from now on; `counted(url)` says which requests count (e.g. not
 * the harness). `throttle`: network conditions to emulate (SLOW_4G), through CDP.
 * Returns {snapshot(): Promise<{bytes, requests}>, settle(), urls()}.
 */
export async function meter(page, counted = () => true, { throttle } = {}) {
  if (throttle) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', throttle);
  }
  let bytes = 0;
  let requests = 0;
  let last = Date.now();
  const pending = new Set();
  const seen = [];
  page.on('requestfinished', (r) => {
    last = Date.now();
    if (!counted(r.url())) return;
    const p = r.sizes().then((s) => {
      bytes += s.responseHeadersSize + s.responseBodySize;
      requests += 1;
      seen.push(r.url());
    }).catch(() => {}).finally(() => pending.delete(p));
    pending.add(p);
  });
  page.on('request', () => { last = Date.now(); });
  return {
    async snapshot() {
      await Promise.all([...pending]);
      return { bytes, requests };
    },
    urls: () => [...seen],
    /** Waits until no request has started or finished for 100 ms (events trail the page). */
    async settle() {
      last = Date.now();
      while (Date.now() - last < 100) await new Promise((r) => setTimeout(r, 25));
      await Promise.all([...pending]);
    },
  };
}
