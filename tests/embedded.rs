//! The index `build.rs` embeds opens and answers queries over the default articles.
#![cfg(feature = "embed")]

use zhsearch_engine::SearchOptions;

#[test]
fn embedded_index_covers_the_default_articles() {
    let index = zhsearch_widget::embedded().expect("embedded index opens");
    // The five pages, split into their 26 stories.
    assert_eq!(index.doc_count(), 26);
    let r = index.search("刘万玺", &SearchOptions::default()).unwrap();
    assert_eq!((r.total, r.pages), (1, 1));
    assert!(r.hits[0].snippet.contains("刘万玺"));
    // Each links to the demo's reader page of its page, at its own section.
    assert_eq!(r.hits[0].url, "read/000_1f48cccaa077cdf6.html#s7");
}
