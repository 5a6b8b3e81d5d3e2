//! The index `build.rs` embeds opens and answers queries over the default articles.
#![cfg(feature = "embed")]

use zhsearch_engine::SearchOptions;

#[test]
fn embedded_index_covers_the_default_articles() {
    let index = zhsearch_widget::embedded().expect("embedded index opens");
    assert_eq!(index.doc_count(), 5);
    let r = index.search("刘万玺", &SearchOptions::default()).unwrap();
    assert_eq!(r.total, 1);
    assert!(r.hits[0].snippet.contains("刘万玺"));
}
