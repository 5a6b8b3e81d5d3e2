//! The wasm API in a real headless Chromium (`wasm-bindgen-test`, run by scripts/test.sh).
#![cfg(all(target_arch = "wasm32", feature = "embed"))]

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use zhsearch_widget::SearchIndex;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn options(pairs: &[(&str, f64)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(*v)).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn embedded_index_finds_a_name_split_by_a_line_break() {
    let idx = SearchIndex::embedded().expect("embedded index");
    assert_eq!(idx.doc_count(), 26);
    let r = idx.search("刘万玺", JsValue::UNDEFINED).expect("search");
    assert_eq!(get(&r, "total").as_f64(), Some(1.0));
    assert_eq!(get(&r, "pages").as_f64(), Some(1.0));
    let hits = Array::from(&get(&r, "hits"));
    let hit = hits.get(0);
    let snippet = get(&hit, "snippet").as_string().unwrap();
    let h = Array::from(&Array::from(&get(&hit, "highlights")).get(0));
    let (s, e) = (
        h.get(0).as_f64().unwrap() as usize,
        h.get(1).as_f64().unwrap() as usize,
    );
    let marked: String = snippet.chars().skip(s).take(e - s).collect();
    assert_eq!(marked, "刘万玺");
    assert!(get(&r, "elapsedMs").as_f64().unwrap() >= 0.0);
}

#[wasm_bindgen_test]
fn paging_and_passages_options() {
    let idx = SearchIndex::embedded().unwrap();
    let all = idx.search("支部", options(&[("limit", 100.0)])).unwrap();
    let total = get(&all, "total").as_f64().unwrap() as u32;
    assert!(total >= 2);
    let page = idx
        .search(
            "支部",
            options(&[("limit", 1.0), ("offset", 1.0), ("passages", 3.0)]),
        )
        .unwrap();
    assert_eq!(Array::from(&get(&page, "hits")).length(), 1);
    assert_eq!(get(&page, "total").as_f64().unwrap() as u32, total);
    let first_all = get(&Array::from(&get(&all, "hits")).get(1), "id");
    assert_eq!(
        get(&Array::from(&get(&page, "hits")).get(0), "id"),
        first_all
    );
}

#[wasm_bindgen_test]
fn bad_options_and_odd_queries_give_errors_or_empty_results() {
    let idx = SearchIndex::embedded().unwrap();
    assert!(idx
        .search("支部", JsValue::from_str("not an object"))
        .is_err());
    for q in [
        "",
        "   ",
        "，。！",
        "😀😀",
        "\u{202E}abc",
        &"字".repeat(100_000),
    ] {
        let r = idx
            .search(q, JsValue::NULL)
            .expect("odd query still answers");
        assert!(get(&r, "total").as_f64().is_some());
    }
}

#[wasm_bindgen_test]
fn corrupted_and_foreign_index_files_are_clear_errors() {
    let bytes = zhsearch_widget::EMBEDDED_INDEX.to_vec();
    assert!(SearchIndex::from_bytes(bytes.clone()).is_ok());
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    assert!(SearchIndex::from_bytes(flipped).is_err());
    assert!(SearchIndex::from_bytes(bytes[..bytes.len() / 3].to_vec()).is_err());
    assert!(SearchIndex::from_bytes(b"<!doctype html><html>404</html>".to_vec()).is_err());
    assert!(SearchIndex::from_bytes(Vec::new()).is_err());
}

#[wasm_bindgen_test]
fn a_hit_is_a_story_with_its_page_and_highlight_ranges_count_utf16() {
    let idx = SearchIndex::embedded().unwrap();
    let r = idx.search("燃气安全", JsValue::UNDEFINED).unwrap();
    let hit = Array::from(&get(&r, "hits")).get(0);
    assert_eq!(
        get(&hit, "title").as_string().as_deref(),
        Some("开展燃气安全大排查 筑牢燃气安全防线")
    );
    assert_eq!(
        get(&hit, "url").as_string().as_deref(),
        Some("read/000_1f48cccaa077cdf6.html#s4")
    );
    let page = get(&hit, "page");
    assert_eq!(
        get(&page, "id").as_string().as_deref(),
        Some("000_1f48cccaa077cdf6.txt")
    );
    // 𠀀 is two UTF-16 code units: the ranges count code units, as the DOM does.
    let text = "𠀀燃气\n安 全";
    let r = zhsearch_widget::highlight_ranges(text, "燃气安全");
    assert_eq!(r, vec![2, 8]);
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&units[2..8]), "燃气\n安 全");
}

#[wasm_bindgen_test]
fn dates_filters_and_sorting_options() {
    let idx = SearchIndex::embedded().unwrap();
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| Reflect::set(&o, &JsValue::from_str(k), &v).unwrap();
    set("after", "2024-01".into());
    set("sort", "-date".into());
    set("limit", JsValue::from_f64(100.0));
    // A query without words and a date bound lists the dated articles: page 000's stories,
    // dated by the page's date line.
    let r = idx.search("", o.clone().into()).expect("browse");
    let hits = Array::from(&get(&r, "hits"));
    assert_eq!(get(&r, "total").as_f64(), Some(7.0));
    for h in hits.iter() {
        assert_eq!(get(&h, "date").as_string().as_deref(), Some("2024-01-04"));
    }
    set("before", "2023".into());
    let r = idx.search("支部", o.clone().into()).unwrap();
    assert_eq!(get(&r, "total").as_f64(), Some(0.0));
    // Tags are always a filter field; an unknown field and an unknown order are errors.
    let filters = js_sys::Object::new();
    Reflect::set(&filters, &"作者".into(), &"王".into()).unwrap();
    set("filters", filters.into());
    let e = idx.search("支部", o.clone().into()).unwrap_err();
    assert!(format!("{e:?}").contains("作者"), "{e:?}");
    let bad = js_sys::Object::new();
    Reflect::set(&bad, &"sort".into(), &"newest".into()).unwrap();
    assert!(idx.search("支部", bad.into()).is_err());
}
