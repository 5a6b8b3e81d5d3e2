// Demo page only: the "试试" buttons put an example query into the search box.
for (const button of document.querySelectorAll('.hints button[data-q]')) {
  button.addEventListener('click', async () => {
    await customElements.whenDefined('zh-search');
    const box = document.querySelector('zh-search');
    box.search(button.dataset.q);
    box.focus();
  });
}

// A portal's header search form submits to this page as ?q=…: search it at once.
const q = new URLSearchParams(location.search).get('q');
if (q) {
  customElements.whenDefined('zh-search').then(() => document.querySelector('zh-search').search(q));
}
