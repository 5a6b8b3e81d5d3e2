// Demo page only. ?index=URL searches that index instead of the built-in articles (a split
// index directory such as /search/, or an index file), so a portal can try its own.
const params = new URLSearchParams(location.search);
const index = params.get('index');
// Same-origin only: a link must not make this page show someone else's articles.
if (index && new URL(index, location.href).origin === location.origin) {
  document.querySelector('zh-search')?.setAttribute('index', index);
}

// Demo page only: the "试试" buttons put an example query into the search box.
for (const button of document.querySelectorAll('.hints button[data-q]')) {
  button.addEventListener('click', async () => {
    await customElements.whenDefined('zh-search');
    const box = document.querySelector('zh-search');
    box.search(button.dataset.q);
    box.focus();
  });
}

// A portal's header search form submitting to this page as ?q=… needs nothing here: the element
// searches the query in the page URL (its url-param attribute) and keeps it there.
