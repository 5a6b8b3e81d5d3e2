#![no_main]
//! normalize / key / clean / display / render_display / snippet / highlight_all on arbitrary text.
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use memchr::memmem::Finder;
use zhsearch_engine::normalize::{clean, key, normalize, render_display};
use zhsearch_engine::snippet::{highlight_all, snippet};

#[path = "common/mod.rs"]
mod common;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    needles: &'a str,
    width: u16,
    passages: u8,
    start: u16,
    end: u16,
}

fuzz_target!(|inp: Input<'_>| {
    let n = normalize(inp.text);
    assert_eq!(n.key_chars as usize, n.key.chars().count(), "key_chars");
    assert!(n.edits.windows(2).all(|w| w[0].at() <= w[1].at()), "edits out of order");
    let display = n.display();
    assert_eq!(key(&n.key), n.key, "key not idempotent");
    assert_eq!(key(&display), n.key, "key(display) != key");
    let c = clean(inp.text);
    assert_eq!(key(&c), n.key, "key(clean) != key");

    let (s, e) = (inp.start as u32, inp.end as u32);
    let (part, len) = render_display(&n.key, s, e, &n.edits, |_, _| {});
    assert_eq!(part.chars().count() as u32, len, "render_display length");

    // Needles: the key split on '|' and whitespace, as query pieces would be.
    let nk: Vec<String> = inp
        .needles
        .split(|ch: char| ch == '|' || ch.is_whitespace())
        .map(key)
        .collect();
    let finders: Vec<Finder<'_>> = nk.iter().map(|k| Finder::new(k.as_bytes())).collect();
    let sn = snippet(
        &n.key,
        n.key_chars,
        &n.edits,
        &finders,
        inp.width as u32 % 2000,
        inp.passages as usize % 9,
    );
    common::check_ranges(&sn.text, &sn.highlights);
    let all = highlight_all(&n.key, n.key_chars, &n.edits, &finders);
    common::check_ranges(&all.text, &all.highlights);
    assert_eq!(all.text, display, "highlight_all text != display");
});
