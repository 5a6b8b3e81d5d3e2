#![no_main]
//! Arbitrary text through the newspaper-page splitter: never a panic, every letter, digit and
//! Han character of the page in exactly one story, distinct anchors.
use libfuzzer_sys::fuzz_target;
use zhsearch_engine::story::newspaper::split;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let stories = split(&text);
    let count = |t: &str| {
        let mut v: Vec<char> = t.chars().filter(|c| c.is_alphanumeric()).collect();
        v.sort_unstable();
        v
    };
    let kept: String = stories
        .iter()
        .flat_map(|s| [s.headline.clone(), s.body()])
        .collect();
    assert_eq!(count(&text), count(&kept));
    let mut anchors: Vec<&str> = stories.iter().map(|s| s.anchor.as_str()).collect();
    anchors.sort_unstable();
    anchors.dedup();
    assert_eq!(anchors.len(), stories.len());
});
