// Opt-in offline support: registers sw.js?v=VERSION, VERSION being pkg/version.json's content
// hash (written by the build), so every build gets a fresh service worker and cache.
// A portal that does not want a service worker simply does not load this file.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', async () => {
    let version = 'dev';
    try {
      const res = await fetch(new URL('pkg/version.json', import.meta.url), { cache: 'no-cache' });
      if (res.ok) version = String((await res.json()).version || 'dev');
    } catch {
      // no version.json (development build) or offline without a cached copy
    }
    // On the very first visit this page and what it loaded (scripts, styles, index files) were
    // fetched before the worker took control: fetch them again through it once it does, so
    // they too are there offline. (Mostly answered by the HTTP cache.)
    const firstVisit = !navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!firstVisit) return;
      const urls = new Set([location.href.split('#')[0]]);
      for (const entry of performance.getEntriesByType('resource')) {
        if (new URL(entry.name).origin === location.origin) urls.add(entry.name);
      }
      for (const url of urls) fetch(url).catch(() => {});
    }, { once: true });
    const url = new URL(`sw.js?v=${encodeURIComponent(version)}`, import.meta.url);
    navigator.serviceWorker.register(url).catch((e) => console.warn('zhsearch: service worker not registered:', e));
  });
}
