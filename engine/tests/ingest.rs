#![cfg(feature = "indexer")]

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tempfile::TempDir;
use zhsearch_engine::build::{build_index, build_split, BuildOptions};
use zhsearch_engine::ingest::{
    ingest_paths, list_files, parse_file, FieldNames, IngestOptions, IngestReport, Skipped,
};
use zhsearch_engine::{Article, Error, Index, SearchOptions, SplitIndex};

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

fn ingest_with(paths: &[PathBuf], opts: &IngestOptions) -> IngestReport {
    ingest_paths(paths, opts, &mut |_| {}).unwrap()
}

fn ingest(paths: &[PathBuf]) -> IngestReport {
    ingest_with(paths, &IngestOptions::default())
}

/// Parses one in-memory file with default options.
fn parse(rel: &str, content: impl AsRef<[u8]>) -> IngestReport {
    let mut report = IngestReport::default();
    let ext = rel.rsplit('.').next().unwrap();
    parse_file(
        rel,
        ext,
        content.as_ref(),
        &IngestOptions::default(),
        &mut report,
    )
    .unwrap();
    report
}

fn only(report: &IngestReport) -> &Article {
    assert_eq!(report.articles.len(), 1, "{report:?}");
    &report.articles[0]
}

fn skipped(source: &str, reason: &str) -> Skipped {
    Skipped {
        source: source.into(),
        reason: reason.into(),
    }
}

fn input_error(result: zhsearch_engine::Result<IngestReport>) -> String {
    match result {
        Err(Error::Input(msg)) => msg,
        other => panic!("expected Error::Input, got {other:?}"),
    }
}

#[test]
fn txt_title_is_first_non_empty_line() {
    let report = parse("a.txt", "\n  标题一  \n\n第一段。\n第二段。\n");
    let a = only(&report);
    assert_eq!((a.id.as_str(), a.title.as_str()), ("a.txt", "标题一"));
    assert_eq!(a.body, "第一段。\n第二段。");
    assert_eq!(report.files, 1);
}

#[test]
fn directory_walk_is_sorted_with_relative_ids() {
    let dir = TempDir::new().unwrap();
    for rel in [
        "b.txt",
        "a/z.txt",
        "a/c.md",
        "c.JSON",
        "notes.docx",
        ".hidden/x.txt",
        ".y.txt",
    ] {
        write(dir.path(), rel, "[{\"title\": \"t\"}]");
    }
    let expected: Vec<PathBuf> = ["a/c.md", "a/z.txt", "b.txt", "c.JSON"]
        .iter()
        .map(|r| dir.path().join(r))
        .collect();
    assert_eq!(
        list_files(&[dir.path().to_path_buf()], &IngestOptions::default()).unwrap(),
        expected
    );

    let mut seen = Vec::new();
    let report = ingest_paths(
        &[dir.path().to_path_buf()],
        &IngestOptions::default(),
        &mut |p| seen.push(p.to_path_buf()),
    )
    .unwrap();
    assert_eq!(seen, expected);
    assert_eq!(report.files, 4);
    let ids: Vec<_> = report.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a/c.md", "a/z.txt", "b.txt", "c.JSON#0"]);
    // Deterministic: a second run gives the same result.
    assert_eq!(
        ingest(&[dir.path().to_path_buf()]).articles,
        report.articles
    );
}

#[test]
fn file_argument_id_is_its_file_name() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "sub/post.txt", "Title\nBody");
    assert_eq!(only(&ingest(&[path])).id, "post.txt");
}

#[test]
fn explicit_unsupported_file_is_an_error() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "notes.docx", "x");
    let msg = input_error(ingest_paths(
        &[path],
        &IngestOptions::default(),
        &mut |_| {},
    ));
    assert!(
        msg.contains("notes.docx") && msg.contains("unsupported"),
        "{msg}"
    );
}

#[test]
fn missing_path_is_an_io_error() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing.txt");
    match ingest_paths(&[missing], &IngestOptions::default(), &mut |_| {}) {
        Err(Error::Io { path, .. }) => assert!(path.ends_with("missing.txt")),
        other => panic!("expected Error::Io, got {other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn broken_symlink_in_directory_is_named_or_an_io_error_when_following() {
    let dir = TempDir::new().unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), dir.path().join("link.txt"))
        .unwrap();
    let r = ingest(&[dir.path().to_path_buf()]);
    assert_eq!(
        r.ignored,
        [("link.txt".into(), "broken symbolic link".into())]
    );
    let follow = IngestOptions {
        follow_links: true,
        ..IngestOptions::default()
    };
    let result = ingest_paths(&[dir.path().to_path_buf()], &follow, &mut |_| {});
    assert!(
        matches!(result, Err(Error::Io { ref path, .. }) if path.ends_with("link.txt")),
        "{result:?}"
    );
}

#[test]
fn markdown_front_matter_fields() {
    let md = "---\ntitle: 春晓\ndate: 2024-03-01\nurl: /poems/chunxiao\nid: 42\ntags:\n  - 唐诗\n  - 孟浩然\n---\n# 另一个标题\n\n春眠不觉晓，**处处**闻啼鸟。\n\n- 夜来风雨声\n- 花落知多少\n\n```\ncode();\n```\n";
    let report = parse("poem.md", md);
    let a = only(&report);
    assert_eq!(a.id, "42");
    assert_eq!(a.title, "春晓");
    assert_eq!(a.date, "2024-03-01");
    assert_eq!(a.url, "/poems/chunxiao");
    assert_eq!(a.tags, ["唐诗", "孟浩然"]);
    // A front-matter title leaves the heading in the body; no markup survives.
    assert_eq!(
        a.body,
        "另一个标题\n\n春眠不觉晓，处处闻啼鸟。\n\n夜来风雨声\n\n花落知多少\n\ncode();"
    );
}

#[test]
fn markdown_comma_tags_and_heading_title() {
    let md = "---\ntags: 新闻, 科技，AI\n---\nIntro line\n\n# The *Heading*\n\nText with `code` and [a link](http://x).\nNext line.";
    let a = only(&parse("n.markdown", md)).clone();
    assert_eq!(a.tags, ["新闻", "科技", "AI"]);
    assert_eq!(a.title, "The Heading");
    assert_eq!(
        a.body,
        "Intro line\n\nText with code and a link.\nNext line."
    );
    assert_eq!(a.id, "n.markdown");
}

#[test]
fn markdown_without_heading_uses_first_line() {
    let a = only(&parse("x.md", "\n第一行 *标题*\n\n正文。")).clone();
    assert_eq!(
        (a.title.as_str(), a.body.as_str()),
        ("第一行 标题", "正文。")
    );
}

#[test]
fn markdown_unclosed_front_matter_is_content() {
    let a = only(&parse("x.md", "---\n标题\n\n正文")).clone();
    assert_eq!((a.title.as_str(), a.body.as_str()), ("标题", "正文"));
}

#[test]
fn markdown_invalid_front_matter() {
    let md = "---\ntitle: [unclosed\n---\nbody";
    let mut report = IngestReport::default();
    let err = parse_file(
        "bad.md",
        "md",
        md.as_bytes(),
        &IngestOptions::default(),
        &mut report,
    );
    assert!(
        matches!(err, Err(Error::Input(ref m)) if m.starts_with("bad.md: invalid front matter")),
        "{err:?}"
    );

    let opts = IngestOptions {
        skip_bad_records: true,
        ..IngestOptions::default()
    };
    parse_file("bad.md", "md", md.as_bytes(), &opts, &mut report).unwrap();
    assert!(report.articles.is_empty());
    assert_eq!(report.skipped[0].source, "bad.md");
}

#[test]
fn html_title_meta_and_exclusions() {
    let html = r#"<!doctype html><html><head>
        <title> 新闻
          标题 </title>
        <meta name="date" content="2024-05-06">
        <link rel="canonical" href="https://example.com/a">
        <style>.x { color: red }</style></head>
        <body><header>站点头部</header><nav>导航菜单</nav>
        <script>var hidden = 1;</script><noscript>请启用脚本</noscript><template>模板</template>
        <article><h1>正文标题</h1><p>第一段
        文字。</p><p>第二段<b>加粗</b>。<br>换行</p><ul><li>甲</li><li>乙</li></ul></article>
        <footer>版权所有</footer></body></html>"#;
    let a = only(&parse("page.html", html)).clone();
    assert_eq!(a.title, "新闻 标题");
    assert_eq!(a.date, "2024-05-06");
    assert_eq!(a.url, "https://example.com/a");
    assert_eq!(
        a.body,
        "正文标题\n第一段 文字。\n第二段加粗。\n换行\n甲\n乙"
    );
    for hidden in [
        "站点头部",
        "导航",
        "hidden",
        "color",
        "启用脚本",
        "模板",
        "版权",
    ] {
        assert!(
            !a.body.contains(hidden),
            "{hidden} leaked into {:?}",
            a.body
        );
    }
}

#[test]
fn html_falls_back_to_h1_and_published_time() {
    let html = r#"<meta property="article:published_time" content="2020-01-02"><h1>Only <i>H1</i></h1><div>text</div>"#;
    let a = only(&parse("p.htm", html)).clone();
    assert_eq!(
        (a.title.as_str(), a.date.as_str(), a.body.as_str()),
        ("Only H1", "2020-01-02", "Only H1\ntext")
    );
}

/// 100,000 nested `<div>`s (1.1 MB) took about a minute inside the HTML tree builder; read
/// flattened past `MAX_HTML_DEPTH`, the page keeps its title and every character of its text,
/// and the summary says so.
#[test]
fn deeply_nested_html_is_read_whole_and_reported() {
    let n = 100_000;
    let html = format!(
        "<title>燃气安全</title><body>{}开展燃气安全大排查{}<p>筑牢防线</p></body>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let r = parse("deep.html", &html);
    let a = only(&r);
    assert_eq!(a.title, "燃气安全");
    assert_eq!(a.body, "开展燃气安全大排查\n筑牢防线");
    assert_eq!(
        r.warnings,
        ["deep.html: elements nested deeper than 256 levels read as their text"]
    );
    // Within the bound nothing is said.
    let shallow = format!("{}正文{}", "<div>".repeat(200), "</div>".repeat(200));
    assert!(parse("ok.html", shallow).warnings.is_empty());
}

#[test]
fn json_records_numbers_and_missing_fields() {
    let json = r#"[
        {"id": 12, "title": "数字 id", "body": "正文", "date": 20240101, "tags": ["a", 3]},
        {"title": "无 id"},
        {"body": "只有正文", "tags": "x, y"},
        {"id": "none", "url": "http://x"},
        "not an object",
        {"id": "bad", "title": {"nested": true}},
        {"title": "  ", "body": ""}
    ]"#;
    let report = parse("data.json", json);
    let expected = [
        Article {
            id: "12".into(),
            title: "数字 id".into(),
            date: "20240101".into(),
            tags: vec!["a".into(), "3".into()],
            body: "正文".into(),
            ..Article::default()
        },
        Article {
            id: "data.json#1".into(),
            title: "无 id".into(),
            ..Article::default()
        },
        Article {
            id: "data.json#2".into(),
            tags: vec!["x".into(), "y".into()],
            body: "只有正文".into(),
            ..Article::default()
        },
    ];
    assert_eq!(report.articles, expected);
    assert_eq!(report.skipped.len(), 4);
    assert_eq!(
        report.skipped[0],
        skipped("data.json#3", "no title and no body")
    );
    assert_eq!(report.skipped[1].source, "data.json#4");
    assert!(report.skipped[1].reason.contains("not a JSON object"));
    assert_eq!(report.skipped[2].source, "data.json#5");
    assert!(report.skipped[2].reason.contains("\"title\""));
    assert_eq!(report.skipped[3], skipped("data.json#6", "empty"));
}

#[test]
fn json_single_object_and_custom_field_names() {
    let opts = IngestOptions {
        fields: FieldNames {
            id: "slug".into(),
            title: "headline".into(),
            body: "content".into(),
            ..FieldNames::default()
        },
        ..IngestOptions::default()
    };
    let mut report = IngestReport::default();
    let json = br#"{"slug": "s1", "headline": "H", "content": "C", "title": "ignored"}"#;
    parse_file("one.json", "json", json, &opts, &mut report).unwrap();
    let a = only(&report);
    assert_eq!(
        (a.id.as_str(), a.title.as_str(), a.body.as_str()),
        ("s1", "H", "C")
    );
}

#[test]
fn malformed_json_file_names_file_and_position() {
    let mut report = IngestReport::default();
    let bytes = b"[{\"title\": \"a\"},\n {\"title\": }]";
    let err = parse_file(
        "bad.json",
        "json",
        bytes,
        &IngestOptions::default(),
        &mut report,
    );
    let Err(Error::Input(msg)) = err else {
        panic!("{err:?}")
    };
    assert!(
        msg.starts_with("bad.json: ") && msg.contains("line 2 column"),
        "{msg}"
    );

    let opts = IngestOptions {
        skip_bad_records: true,
        ..IngestOptions::default()
    };
    let mut report = IngestReport::default();
    parse_file("bad.json", "json", bytes, &opts, &mut report).unwrap();
    assert_eq!(report.skipped[0].source, "bad.json");
    // Records are read one at a time: those before the error are indexed, and the reason
    // says from which record on nothing was read.
    assert_eq!(only(&report).title, "a");
    assert!(
        report.skipped[0]
            .reason
            .ends_with("(records #1 on not read)"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn json_top_level_values_that_are_not_records() {
    let opts = IngestOptions {
        skip_bad_records: true,
        ..IngestOptions::default()
    };
    for (json, found) in [
        ("12", "a number"),
        ("1e400", "a number"),
        ("\"text\"", "a string"),
        ("true", "a boolean"),
        ("null", "null"),
    ] {
        let mut report = IngestReport::default();
        parse_file("v.json", "json", json.as_bytes(), &opts, &mut report).unwrap();
        let reason = format!("expected a JSON array or object, found {found}");
        assert_eq!(report.skipped, [skipped("v.json", &reason)], "{json}");
    }
    // Trailing garbage after the array is an error too, after its records.
    let mut report = IngestReport::default();
    let json = br#"[{"title": "a"}] x"#;
    parse_file("t.json", "json", json, &opts, &mut report).unwrap();
    assert_eq!(report.articles.len(), 1);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
}

const JSONL: &str =
    "{\"id\": 1, \"title\": \"一\"}\n\n{\"id\": 2, \"title\": }\n{\"title\": \"三\"}\n[1]\n";

#[test]
fn jsonl_malformed_line_is_an_error_naming_file_and_line() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "feed.jsonl", JSONL);
    let msg = input_error(ingest_paths(
        &[path],
        &IngestOptions::default(),
        &mut |_| {},
    ));
    assert!(msg.starts_with("feed.jsonl:3: expected value"), "{msg}");
}

#[test]
fn jsonl_skip_bad_records() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "feed.ndjson", JSONL);
    let opts = IngestOptions {
        skip_bad_records: true,
        ..IngestOptions::default()
    };
    let report = ingest_with(&[path], &opts);
    let ids: Vec<_> = report.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1", "feed.ndjson:4"]);
    assert_eq!(report.skipped.len(), 2);
    assert_eq!(report.skipped[0].source, "feed.ndjson:3");
    assert!(
        report.skipped[0].reason.contains("expected value"),
        "{:?}",
        report.skipped[0]
    );
    assert_eq!(report.skipped[1].source, "feed.ndjson:5");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let report = parse("bad.txt", b"Title\nbody \xff\xfe end");
    assert_eq!(only(&report).body, "body \u{fffd}\u{fffd} end");
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("bad.txt"));
    assert!(parse("ok.txt", "Title\nbody").warnings.is_empty());
}

#[test]
fn bom_is_stripped() {
    assert_eq!(only(&parse("a.txt", "\u{feff}标题\n正文")).title, "标题");
    let md = only(&parse("a.md", "\u{feff}---\ntitle: T\n---\nbody")).clone();
    assert_eq!((md.title.as_str(), md.body.as_str()), ("T", "body"));
    assert_eq!(
        only(&parse("a.json", "\u{feff}{\"title\": \"J\"}")).title,
        "J"
    );
    assert_eq!(
        only(&parse("a.jsonl", "\u{feff}{\"title\": \"L\"}")).title,
        "L"
    );
}

#[test]
fn crlf_line_endings() {
    let a = only(&parse("a.txt", "标题\r\n\r\n第一行\r\n第二行\r\n")).clone();
    assert_eq!(
        (a.title.as_str(), a.body.as_str()),
        ("标题", "第一行\n第二行")
    );
    let md = only(&parse(
        "a.md",
        "---\r\ntitle: T\r\ntags: [x]\r\n---\r\nline one\r\nline two\r\n",
    ))
    .clone();
    assert_eq!(
        (md.title.as_str(), md.tags.as_slice()),
        ("T", ["x".to_string()].as_slice())
    );
    assert_eq!(md.body, "line one\nline two");
    let report = parse("a.jsonl", "{\"title\": \"a\"}\r\n{\"title\": \"b\"}\r\n");
    assert_eq!(report.articles.len(), 2);
    assert_eq!(report.articles[1].id, "a.jsonl:2");
}

#[test]
fn empty_files_are_skipped() {
    for rel in ["e.txt", "e.md", "e.html", "e.json", "e.jsonl"] {
        for content in ["", " \n\t\r\n", "\u{feff}"] {
            let report = parse(rel, content);
            assert!(report.articles.is_empty());
            assert_eq!(report.skipped, [skipped(rel, "empty")], "{rel} {content:?}");
        }
    }
    assert_eq!(
        parse("e.html", "<html><script>x</script></html>").skipped,
        [skipped("e.html", "empty")]
    );
    assert_eq!(
        parse("e.md", "---\ntitle: ' '\n---\n").skipped,
        [skipped("e.md", "empty")]
    );
}

#[test]
fn duplicate_ids_keep_the_first() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"x\", \"title\": \"first\"}\n{\"id\": \"x\", \"title\": \"second\"}\n",
    );
    write(dir.path(), "b.md", "---\nid: x\n---\nthird");
    let report = ingest(&[dir.path().to_path_buf()]);
    assert_eq!(only(&report).title, "first");
    assert_eq!(
        report.skipped,
        [
            skipped("a.jsonl:2", r#"duplicate id "x" (first seen in a.jsonl:1)"#),
            skipped("b.md", r#"duplicate id "x" (first seen in a.jsonl:1)"#),
        ]
    );
}

#[test]
fn parse_file_checks_duplicates_against_the_report() {
    let mut report = parse("a.txt", "T\nB");
    parse_file(
        "a.txt",
        "txt",
        b"T2\nB2",
        &IngestOptions::default(),
        &mut report,
    )
    .unwrap();
    assert_eq!(report.articles.len(), 1);
    assert!(report.skipped[0]
        .reason
        .starts_with("duplicate id \"a.txt\""));
}

#[test]
fn parse_file_rejects_unknown_extension() {
    let mut report = IngestReport::default();
    let err = parse_file("x.pdf", "pdf", b"x", &IngestOptions::default(), &mut report);
    assert!(matches!(err, Err(Error::Input(_))));
}

proptest! {
    #[test]
    fn parse_file_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300), text in "\\PC{0,200}") {
        let opts = IngestOptions { skip_bad_records: true, ..IngestOptions::default() };
        for ext in ["txt", "md", "html", "json", "jsonl"] {
            let mut report = IngestReport::default();
            let _ = parse_file("f", ext, &bytes, &opts, &mut report);
            let _ = parse_file("f", ext, text.as_bytes(), &opts, &mut report);
            let front = format!("---\n{text}\n---\n{text}");
            let _ = parse_file("f", ext, front.as_bytes(), &opts, &mut report);
        }
    }
}

#[test]
fn fifty_megabyte_file_with_crlf_and_bad_bytes() {
    let dir = TempDir::new().unwrap();
    let mut big = Vec::with_capacity(52 << 20);
    big.extend_from_slice("大文件标题\r\n".as_bytes());
    let line = "南乐县城关镇扎实推进五星支部创建工作，乡村振兴成效显著。\r\n".as_bytes();
    while big.len() < 50 << 20 {
        big.extend_from_slice(line);
        if big.len() % 997 == 0 {
            big.push(0xff); // stray invalid byte
        }
    }
    big.push(0xfe);
    let path = write(dir.path(), "big.txt", &big);
    let report = ingest(&[path]);
    let a = only(&report);
    assert_eq!(a.title, "大文件标题");
    assert!(a.body.len() >= 49 << 20);
    assert!(a.body.contains('\u{FFFD}'));
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("big.txt"));
}

// ---------------------------------------------------------------------------------------------
// Pages split into stories and sections
// ---------------------------------------------------------------------------------------------

/// `(entry, why)` of what a walk left out, sorted.
fn ignored_sorted(r: &IngestReport) -> Vec<(&str, &str)> {
    let mut v: Vec<(&str, &str)> = r
        .ignored
        .iter()
        .map(|(f, w)| (f.as_str(), w.as_str()))
        .collect();
    v.sort();
    v
}

fn ids_titles_urls(r: &IngestReport) -> Vec<(String, String, String)> {
    r.articles
        .iter()
        .map(|a| (a.id.clone(), a.title.clone(), a.url.clone()))
        .collect()
}

#[test]
fn html_sections_by_headings_with_their_ids() {
    let html = r#"<html><head><title>县新闻</title><link rel="canonical" href="https://x.cn/p#top"></head>
        <body><nav><h2>导航</h2></nav><h1>县新闻</h1><p>导语。</p>
        <h2 id="gas">燃气安全</h2><p>开展燃气安全大排查。</p><h3>小标题</h3><p>细节。</p>
        <h2>乡贤返乡</h2><p>乡贤回归。</p></body></html>"#;
    let r = parse("p.html", html);
    let t = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(
        ids_titles_urls(&r),
        vec![
            t("p.html#s1", "县新闻", "https://x.cn/p#top"),
            t("p.html#gas", "燃气安全", "https://x.cn/p#gas"),
            t("p.html#s3", "乡贤返乡", "https://x.cn/p#top"),
        ]
    );
    assert_eq!(r.articles[1].body, "开展燃气安全大排查。\n小标题\n细节。");
    let page = r.articles[1].page.as_ref().expect("a story of its page");
    assert_eq!(
        (page.id.as_str(), page.title.as_str()),
        ("p.html", "县新闻")
    );
    // The navigation's heading is not a section.
    assert!(r.articles.iter().all(|a| !a.body.contains("导航")));
}

#[test]
fn markdown_sections_by_headings_with_slugs() {
    let md = "# 县新闻\n\n导语。\n\n## 第一节 工作\n\n内容一。\n\n## 第二节 {#two}\n\n内容二。\n\n### 小节\n\n细节。\n\n## 第一节 工作\n\n重复。\n";
    let r = parse("a/p.md", md);
    let t = |a: &str, b: &str| (a.to_owned(), b.to_owned(), String::new());
    assert_eq!(
        ids_titles_urls(&r),
        vec![
            t("a/p.md#s1", "县新闻"),
            t("a/p.md#第一节-工作", "第一节 工作"),
            t("a/p.md#two", "第二节"),
            t("a/p.md#第一节-工作-1", "第一节 工作"),
        ]
    );
    assert_eq!(r.articles[2].body, "内容二。\n\n小节\n\n细节。");
}

#[test]
fn whole_pages_and_url_base() {
    let dir = TempDir::new().unwrap();
    let page = "乡村振兴\n\n节前敲警钟\n\n本报讯 近日，某镇召开廉政会议。\n（任增睿）\n\n\
                扎实做好禁燃工作\n\n本报讯 为预防火灾，该乡做好禁燃工作。\n（时晓喻）\n";
    let path = write(dir.path(), "2024/p1.txt", page);
    let split = ingest_with(
        &[dir.path().to_path_buf()],
        &IngestOptions {
            url_base: "/read/".into(),
            ..IngestOptions::default()
        },
    );
    let t = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(
        ids_titles_urls(&split),
        vec![
            t("2024/p1.txt#s1", "节前敲警钟", "/read/2024/p1.html#s1"),
            t(
                "2024/p1.txt#s2",
                "扎实做好禁燃工作",
                "/read/2024/p1.html#s2"
            ),
        ]
    );
    let whole = ingest_with(
        &[path],
        &IngestOptions {
            whole_pages: true,
            ..IngestOptions::default()
        },
    );
    assert_eq!(ids_titles_urls(&whole), vec![t("p1.txt", "乡村振兴", "")]);
}

#[test]
fn a_heading_slug_like_a_generated_anchor_keeps_both_sections() {
    // The intro would be p.md#s1; a section headed "S1" has the slug s1 too.
    let r = parse(
        "p.md",
        "# 标题\n\n引言。\n\n## S1\n\n第一节。\n\n## 其他\n\n第二节。\n",
    );
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["p.md#s1-2", "p.md#s1", "p.md#其他"]);
}

// ---------------------------------------------------------------------------------------------
// What a real site throws at it
// ---------------------------------------------------------------------------------------------

#[test]
fn front_matter_aliases_are_refused_fast_with_a_reason() {
    // Eight nested aliases in 400 bytes: expanded, billions of nodes.
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let md = format!("---\n{yaml}title: 炸弹\n---\n正文。\n");
    let started = std::time::Instant::now();
    let dir = TempDir::new().unwrap();
    write(dir.path(), "bomb.md", &md);
    let opts = IngestOptions {
        skip_bad_records: true,
        ..IngestOptions::default()
    };
    let r = ingest_with(&[dir.path().to_path_buf()], &opts);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(r.articles.is_empty());
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].reason.contains("aliases"), "{:?}", r.skipped);
    // A title with & and * in it is not an alias.
    let ok = parse("ok.md", "---\ntitle: R&D * 研发\n---\n正文。\n");
    assert_eq!(only(&ok).title, "R&D * 研发");
}

#[test]
fn the_same_path_under_two_roots_is_two_articles() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "site/2023/a.txt", "二〇二三\n正文。");
    write(dir.path(), "site/2024/a.txt", "二〇二四\n正文。");
    let r = ingest(&[dir.path().join("site/2023"), dir.path().join("site/2024")]);
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert!(
        ids[0].ends_with("site/2023/a.txt") && ids[1].ends_with("site/2024/a.txt"),
        "{ids:?}"
    );
    // One root: ids relative to it, as before.
    let one = ingest(&[dir.path().join("site")]);
    let ids: Vec<&str> = one.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["2023/a.txt", "2024/a.txt"]);
}

#[cfg(unix)]
#[test]
fn a_device_or_fifo_given_as_input_is_refused() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let msg = input_error(ingest_paths(
        &[fifo],
        &IngestOptions::default(),
        &mut |_| {},
    ));
    assert!(msg.contains("not a regular file"), "{msg}");
    let msg = input_error(ingest_paths(
        &[PathBuf::from("/dev/zero")],
        &IngestOptions::default(),
        &mut |_| {},
    ));
    assert!(msg.contains("not a regular file"), "{msg}");
}

#[test]
fn gbk_big5_and_utf16_exports_are_read_and_named() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/encodings");
    let r = ingest(&[PathBuf::from(dir)]);
    let titles: Vec<&str> = r.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "開展燃氣安全大排查",
            "燃气安全通知",
            "开展燃气安全大排查",
            "燃气安全"
        ]
    );
    let names: Vec<(&str, &str)> = r
        .encodings
        .iter()
        .map(|(f, n, _)| (f.as_str(), *n))
        .collect();
    assert_eq!(
        names,
        [
            ("big5.txt", "Big5"),
            ("gb2312.html", "GBK"),
            ("gbk.txt", "GBK"),
            ("utf16.jsonl", "UTF-16LE")
        ]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn every_entry_met_is_read_skipped_or_accounted_for() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "a.txt", "标题\n正文。");
    write(dir.path(), ".draft.txt", "草稿\n正文。");
    write(dir.path(), ".git/config", "x");
    write(dir.path(), "logo.png", [0x89u8, b'P', b'N', b'G']);
    write(
        dir.path(),
        "page.shtml",
        "<title>服务器包含页</title><p>正文。</p>",
    );
    write(
        dir.path(),
        "page.xhtml",
        "<title>XHTML 页</title><p>正文。</p>",
    );
    #[cfg(unix)]
    let _ = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status();
    let r = ingest(&[dir.path().to_path_buf()]);
    let titles: Vec<&str> = r.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["标题", "服务器包含页", "XHTML 页"]);
    let ignored = ignored_sorted(&r);
    let mut want = vec![
        (".draft.txt", "hidden"),
        (".git", "hidden directory"),
        ("logo.png", "not an article file (.png)"),
    ];
    if dir.path().join("pipe.txt").exists() {
        want.push(("pipe.txt", "not a regular file (a FIFO, socket or device)"));
    }
    assert_eq!(ignored, want);
}

#[test]
fn ids_line_endings_and_line_starts_stay_as_written() {
    // CR alone (old Mac exports): lines, not one title line.
    let r = parse("mac.txt", "标题\r正文第一行\r正文第二行");
    assert_eq!(only(&r).title, "标题");
    assert_eq!(only(&r).body, "正文第一行\n正文第二行");
    // A BOM or a line separator at the start of a JSONL line.
    let jl =
        "\u{FEFF}{\"id\": \"a\", \"title\": \"甲\"}\n\u{2028}{\"id\": \"b\", \"title\": \"乙\"}\n";
    let r = parse("x.jsonl", jl);
    assert_eq!(r.articles.len(), 2, "{:?}", r.skipped);
    // Numeric ids with every digit: no rounding, neighbours distinct; an exponent stays one
    // (1e2 is 1e+2, not 100.0).
    let jl = "{\"id\": 12345678901234567890123, \"title\": \"甲\"}\n{\"id\": 12345678901234567890124, \"title\": \"乙\"}\n{\"id\": 1e2, \"title\": \"丙\"}\n";
    let r = parse("n.jsonl", jl);
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["12345678901234567890123", "12345678901234567890124", "1e+2"]
    );
    // Front matter ids too.
    let r = parse("p.md", "---\nid: 010\ntitle: 标题\n---\n正文。\n");
    assert_eq!(only(&r).id, "010");
    let r = parse("q.md", "---\nid: \"007\"\n---\n# 标题\n正文。\n");
    assert_eq!(only(&r).id, "007");
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_input_are_not_followed_unasked() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    let private = write(dir.path(), "private/secret.txt", "机密\n不应公开。");
    let site = dir.path().join("site");
    write(&site, "a.txt", "公开\n正文。");
    write(&site, "sub/b.txt", "子目录\n正文。");
    symlink(&private, site.join("leak.txt")).unwrap();
    symlink(site.join("a.txt"), site.join("alias.txt")).unwrap();
    symlink(dir.path().join("private"), site.join("dir")).unwrap();
    symlink(dir.path().join("nowhere.txt"), site.join("broken.txt")).unwrap();
    let r = ingest(std::slice::from_ref(&site));
    let titles: Vec<&str> = r.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["公开", "公开", "子目录"],
        "the link inside the site is read"
    );
    let ignored = ignored_sorted(&r);
    assert_eq!(
        ignored,
        [
            ("broken.txt", "broken symbolic link"),
            ("dir", "symbolic link to a directory"),
            (
                "leak.txt",
                "symbolic link out of the input (--follow-links reads it)"
            ),
        ]
    );
    std::fs::remove_file(site.join("broken.txt")).unwrap();
    let followed = ingest_with(
        &[site],
        &IngestOptions {
            follow_links: true,
            ..IngestOptions::default()
        },
    );
    assert!(followed.articles.iter().any(|a| a.title == "机密"));
}

/// Fields beyond id, title, url, date, body and tags are kept as metadata, from every kind of
/// file; HTML pages say what is metadata, filterable, the body or left out.
#[test]
fn metadata_from_json_front_matter_and_html() {
    let json = r#"{"id": "1", "title": "T", "body": "B", "栏目": "要闻", "keywords": ["燃气", "安全"], "n": 3, "ok": true, "none": null, "obj": {"a": 1}}"#;
    let a = only(&parse("a.jsonl", json)).clone();
    let m = |k: &str| a.meta.get(k).cloned().unwrap_or_default();
    assert_eq!(m("栏目"), ["要闻"]);
    assert_eq!(m("keywords"), ["燃气", "安全"]);
    assert_eq!(
        (m("n"), m("ok"), m("obj")),
        (
            vec!["3".to_owned()],
            vec!["true".to_owned()],
            vec![r#"{"a":1}"#.to_owned()]
        )
    );
    assert!(!a.meta.contains_key("none") && !a.meta.contains_key("title"));

    let md = "---\ntitle: 标题\n栏目: 通知公告\nauthor: 王\n---\n正文\n";
    let a = only(&parse("a.md", md)).clone();
    assert_eq!(a.meta.get("栏目").unwrap(), &["通知公告"]);
    assert_eq!(a.meta.get("author").unwrap(), &["王"]);

    let html = r#"<html><head><title>T</title><meta name="author" content="李"><meta name="viewport" content="width=device-width">
        </head><body><nav>导航</nav><span data-zhsearch-filter="栏目">政策解读</span><img data-zhsearch-meta="image[src]" src="/a.png">
        <main data-zhsearch-body><p>正文一</p><div data-zhsearch-ignore>分享到微信</div><p>正文二</p></main><p>页脚之外</p></body></html>"#;
    let r = parse("p.html", html);
    let a = only(&r);
    assert_eq!(a.body, "正文一\n正文二");
    assert_eq!(a.meta.get("author").unwrap(), &["李"]);
    assert_eq!(a.meta.get("栏目").unwrap(), &["政策解读"]);
    assert_eq!(a.meta.get("image").unwrap(), &["/a.png"]);
    assert!(!a.meta.contains_key("viewport"));
    assert_eq!(r.filter_fields, ["栏目"]);

    // A government site's meta tags: the date, the column, names as written.
    let gov = r#"<html><head><title>通知</title><meta name="PubDate" content="2024-01-04 10:30">
        <meta name="ColumnName" content="通知公告"></head><body><p>正文</p></body></html>"#;
    let a = only(&parse("g.html", gov)).clone();
    assert_eq!(a.date, "2024-01-04 10:30");
    assert_eq!(a.meta.get("ColumnName").unwrap(), &["通知公告"]);
    assert!(!a.meta.contains_key("PubDate"));
}

/// A date that is no day is said, per record, and the article is still indexed; a
/// newspaper page opening with its date line is dated, and so are its stories.
#[test]
fn dates_are_read_or_reported() {
    let jsonl = "{\"id\": \"1\", \"title\": \"T\", \"date\": \"昨天\"}\n{\"id\": \"2\", \"title\": \"U\", \"date\": \"2024年1月4日 星期四\"}\n";
    let r = parse("d.jsonl", jsonl);
    assert_eq!(r.articles.len(), 2);
    assert_eq!(
        r.warnings,
        ["d.jsonl:1: date \"昨天\" is not a day (kept as written; not sorted or filtered by date)"]
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../articles");
    let pages = ingest(&[dir]).articles;
    let dated: Vec<&str> = pages
        .iter()
        .filter(|a| a.id.starts_with("000"))
        .map(|a| a.date.as_str())
        .collect();
    assert!(
        dated.len() > 1 && dated.iter().all(|d| *d == "2024-01-04"),
        "{dated:?}"
    );
}

/// `data-zhsearch-weight` marks runs of the body (the innermost element's weight counts, across
/// inline and block elements and sections); a value that is no weight is said and ignored;
/// a weighted lead brings its page first, a weight below 1 sends it after, and text weighted 0
/// is still found.
#[test]
fn weighted_text_counts_more_or_less() {
    use zhsearch_engine::weight::Run;
    let html = r#"<html><head><title>T</title></head><body><p>开头</p>
        <p data-zhsearch-weight="3">导语<b data-zhsearch-weight="0.5">燃气</b>安全</p><p>正文</p>
        <div data-zhsearch-weight="abc">其他</div></body></html>"#;
    let r = parse("w.html", html);
    let a = only(&r);
    assert_eq!(a.body, "开头\n导语燃气安全\n正文\n其他");
    let text = |run: &Run| &a.body[run.start as usize..run.end as usize];
    let runs: Vec<(&str, u8)> = a.weights.iter().map(|r| (text(r), r.tenths)).collect();
    assert_eq!(runs, [("导语", 30), ("燃气", 5), ("安全", 30)]);
    assert_eq!(
        r.warnings,
        ["w.html: data-zhsearch-weight=\"abc\" is no weight (a number from 0 to 10): ignored"]
    );
    // Sections keep their own runs.
    let sections = r#"<html><body><h2 id="a">甲</h2><p data-zhsearch-weight="2">乡村振兴</p>
        <h2 id="b">乙</h2><p>乡村<span data-zhsearch-weight="4">振兴</span></p></body></html>"#;
    let r = parse("s.html", sections);
    let runs: Vec<(String, Vec<u8>)> = r
        .articles
        .iter()
        .map(|a| (a.body.clone(), a.weights.iter().map(|w| w.tenths).collect()))
        .collect();
    assert_eq!(
        runs,
        [("乡村振兴".into(), vec![20]), ("乡村振兴".into(), vec![40])]
    );

    // Ranking, in both layouts: the same text in three pages, its lead weighted 3, 1 or 0.
    let page = |id: &str, weight: Option<&str>| {
        let attr = weight.map_or(String::new(), |w| format!(r#" data-zhsearch-weight="{w}""#));
        let html = format!(
            "<html><head><title>{id}</title></head><body><p{attr}>全县开展燃气安全大排查</p><p>其余正文内容</p></body></html>"
        );
        only(&parse(&format!("{id}.html"), &html)).clone()
    };
    let articles = [
        page("plain", None),
        page("lead", Some("3")),
        page("aside", Some("0")),
    ];
    let opts = BuildOptions::default();
    let single = Index::open(build_index(&articles, &opts).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    build_split(&articles, &opts, dir.path()).unwrap();
    let mut split = SplitIndex::open_dir(dir.path()).unwrap();
    for q in ["燃气安全", "开展 大排查"] {
        let r = single.search(q, &SearchOptions::default()).unwrap();
        let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["lead.html", "plain.html", "aside.html"], "{q}");
        let s = split
            .search_dir(dir.path(), q, &SearchOptions::default())
            .unwrap();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            serde_json::to_string(&r).unwrap()
        );
    }
    // One character counts as written (the split layout keeps no positions for it): a tie,
    // to the earlier page.
    let r = single.search("燃", &SearchOptions::default()).unwrap();
    assert_eq!(r.hits[0].id, "plain.html");
}

/// A JSON Lines file larger than a chunk is read a chunk at a time: the same articles, skips
/// and line numbers as the file read whole; bad UTF-8 in a later chunk is replaced and said.
#[test]
fn long_json_lines_are_read_in_chunks_alike() {
    let dir = TempDir::new().unwrap();
    let mut text = Vec::new();
    let mut n = 0;
    while text.len() < 9 << 20 {
        n += 1;
        let body = "乡村振兴工作推进会在县城召开，".repeat(8);
        let line = match n % 1000 {
            7 => "{not json\n".to_owned(),
            8 => format!("{{\"id\": \"r{n}\", \"title\": \"CRLF {n}\", \"body\": \"{body}\"}}\r\n"),
            _ => format!("{{\"id\": \"r{n}\", \"title\": \"标题 {n}\", \"body\": \"{body}\"}}\n"),
        };
        text.extend_from_slice(line.as_bytes());
    }
    // A duplicate id far from the first, and a bad byte past the first chunk.
    text.extend_from_slice(b"{\"id\": \"r1\", \"title\": \"again\"}\n");
    text.extend_from_slice(b"{\"id\": \"bad\", \"title\": \"\xff\"}\n");
    let path = write(dir.path(), "big.jsonl", &text);
    let opts = IngestOptions {
        skip_bad_records: true,
        ..IngestOptions::default()
    };
    let streamed = ingest_with(&[path], &opts);
    let mut whole = IngestReport::default();
    parse_file("big.jsonl", "jsonl", &text, &opts, &mut whole).unwrap();
    assert_eq!(streamed.articles.len(), whole.articles.len());
    assert!(streamed.articles == whole.articles);
    assert_eq!(streamed.skipped, whole.skipped);
    let mut a = streamed.warnings.clone();
    let mut b = whole.warnings.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(
        a.iter().any(|w| w.contains("invalid UTF-8 replaced")),
        "{a:?}"
    );
    assert!(
        streamed.skipped.iter().any(|s| s
            .reason
            .contains("duplicate id \"r1\" (first seen in big.jsonl:1)")),
        "{:?}",
        streamed
            .skipped
            .iter()
            .map(|s| &s.reason)
            .collect::<Vec<_>>()
    );
}
