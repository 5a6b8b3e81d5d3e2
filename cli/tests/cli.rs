//! The `zhsearch` command line: exit status, summaries that account for every record, clear
//! errors naming file:line, and index files that are never half-written.

use std::path::Path;
use std::process::{Command, Output};

fn zhsearch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(args)
        .output()
        .expect("run zhsearch")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn index_search_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    write(
        &src,
        "a.txt",
        "乡村振兴\n南乐县城关镇扎实推进“五星”支部创建。".as_bytes(),
    );
    write(
        &src,
        "feed.jsonl",
        "{\"id\": 7, \"title\": \"刘万玺走访\", \"url\": \"https://example.org/7\", \"body\": \"清丰县刘万\\n玺带领工作队\"}\n".as_bytes(),
    );
    let out = dir.path().join("site.zhs").display().to_string();
    let o = zhsearch(&["index", src.to_str().unwrap(), "-o", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("indexed 2 articles from 2 files, skipped 0"),
        "{}",
        stderr(&o)
    );

    let o = zhsearch(&["search", &out, "刘万玺", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["id"], "7");
    assert_eq!(v["hits"][0]["url"], "https://example.org/7");
    assert!(v["elapsed_us"].is_u64());
    assert!(v["hits"][0]["highlights"][0].is_array());

    // --stdin: one JSON object per query line
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(["search", &out, "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("五星支部\n不存在的词\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["query"], "五星支部");
    assert_eq!(lines[0]["total"], 1);
    assert_eq!(lines[1]["total"], 0);

    let o = zhsearch(&["stats", &out]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("articles  2"));
}

#[test]
fn malformed_jsonl_line_is_an_error_naming_file_and_line_and_keeps_the_old_index() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.jsonl",
        "{\"id\":\"1\",\"title\":\"标题\",\"body\":\"正文内容\"}\n".as_bytes(),
    );
    let out = dir.path().join("site.zhs").display().to_string();
    assert!(zhsearch(&["index", &good, "-o", &out]).status.success());
    let before = std::fs::read(&out).unwrap();

    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"id\":\"1\",\"title\":\"一\",\"body\":\"甲\"}\n\n{\"id\":\"2\",\"title\":\"二\",\"body\":\"乙\"\n{\"id\":\"3\",\"title\":\"三\",\"body\":\"丙\"}\n".as_bytes(),
    );
    let o = zhsearch(&["index", &bad, "-o", &out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.jsonl:3:"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "a failed run must not touch the index"
    );

    // --skip-bad-records: indexed, with the bad record reported and counted.
    let o = zhsearch(&["index", &bad, "-o", &out, "--skip-bad-records"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("skipped") && e.contains("bad.jsonl:3"), "{e}");
    assert!(
        e.contains("indexed 2 articles from 1 files, skipped 1"),
        "{e}"
    );
}

#[test]
fn every_record_is_indexed_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    write(
        &src,
        "bom.txt",
        "\u{FEFF}带BOM的标题\r\n正文\r\n第二行".as_bytes(),
    );
    write(&src, "empty.txt", b"");
    write(
        &src,
        "latin1.txt",
        b"\xd6\xd0\xce\xc4 title\nbody \xff\xfe text",
    );
    write(
        &src,
        "dups.jsonl",
        "{\"id\":\"x\",\"title\":\"第一篇\",\"body\":\"甲\"}\n{\"id\":\"x\",\"title\":\"重复\",\"body\":\"乙\"}\n{\"title\":\"没有编号\"}\n"
            .as_bytes(),
    );
    let out = dir.path().join("o.zhs").display().to_string();
    let o = zhsearch(&["index", src.to_str().unwrap(), "-o", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("latin1.txt") && e.contains("warning"), "{e}");
    assert!(e.contains("empty.txt") && e.contains("empty"), "{e}");
    assert!(e.contains("duplicate id"), "{e}");
    // bom.txt, latin1.txt, the first x and the id-less record: 4 indexed; empty + duplicate: 2 skipped
    assert!(
        e.contains("indexed 4 articles from 4 files, skipped 2, 1 warnings"),
        "{e}"
    );
    let o = zhsearch(&["search", &out, "带BOM的标题", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["hits"][0]["title"], "带BOM的标题");
}

#[test]
fn clear_errors_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o.zhs").display().to_string();
    let o = zhsearch(&["index", "/nonexistent/articles", "-o", &out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/articles"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new(&out).exists());

    let empty = dir.path().join("none");
    std::fs::create_dir(&empty).unwrap();
    let o = zhsearch(&["index", empty.to_str().unwrap(), "-o", &out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no articles"), "{}", stderr(&o));

    let junk = write(dir.path(), "junk.zhs", b"<!doctype html><p>404</p>");
    let o = zhsearch(&["search", &junk, "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not a zhsearch index"),
        "{}",
        stderr(&o)
    );
    let o = zhsearch(&[
        "stats",
        &dir.path().join("missing.zhs").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.zhs"), "{}", stderr(&o));
}

#[test]
fn interrupted_build_leaves_the_previous_index_intact() {
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.txt", "标题\n正文".as_bytes());
    let out = dir.path().join("site.zhs");
    assert!(zhsearch(&["index", &small, "-o", out.to_str().unwrap()])
        .status
        .success());
    let before = std::fs::read(&out).unwrap();

    // A corpus big enough that the build is still running when it is killed.
    let line = "{\"title\":\"乡村振兴\",\"body\":\"".to_owned()
        + &"南乐县城关镇扎实推进五星支部创建工作，".repeat(400)
        + "\"}\n";
    let big = write(dir.path(), "big.jsonl", line.repeat(2000).as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args([
            "index",
            &big,
            "-o",
            out.to_str().unwrap(),
            "--skip-bad-records",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    let finished = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    if !finished {
        assert_eq!(
            std::fs::read(&out).unwrap(),
            before,
            "killed mid-build: old index intact"
        );
    }
    // Whatever is at the target opens: the old index or, had the build won the race, the new one.
    let o = zhsearch(&["stats", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn article_data_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(
        dir.path(),
        "esc.jsonl",
        "{\"id\":\"a\\u001b]0;pwned\\u0007\",\"title\":\"标题\\u001b[31m红\",\"url\":\"https://x.org/\\n\\tnext\",\"body\":\"正文\\u001b[2J内容\"}\n".as_bytes(),
    );
    let out = dir.path().join("o.zhs").display().to_string();
    assert!(zhsearch(&["index", &src, "-o", &out]).status.success());
    let o = zhsearch(&["search", &out, "正文"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("标题"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\t'),
        "{text:?}"
    );
    // The JSON output keeps the data exactly (escaped by JSON).
    let o = zhsearch(&["search", &out, "正文", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["hits"][0]["url"], "https://x.org/\n\tnext");
}

#[test]
fn split_builds_say_what_they_wrote_and_update_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let feed = |edited: &str| {
        let mut s = String::new();
        for i in 0..20 {
            let body = if i == 3 {
                edited
            } else {
                "南乐县城关镇扎实推进支部创建"
            };
            s.push_str(&format!(
                "{{\"id\": {i}, \"title\": \"乡村振兴第{i}篇\", \"body\": \"{body}{i}\"}}\n"
            ));
        }
        s
    };
    let src = write(dir.path(), "feed.jsonl", feed("原文").as_bytes());
    let out = dir.path().join("index").display().to_string();
    let o = zhsearch(&["index", &src, "--split", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("built afresh") && e.contains(" 0 unchanged"),
        "{e}"
    );
    assert!(e.contains("entry ") && e.contains("offline copy"), "{e}");
    // One article edited: an update, and the summary says how many files changed.
    write(dir.path(), "feed.jsonl", feed("改过的正文").as_bytes());
    let o = zhsearch(&["index", &src, "--split", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("updated: 19 articles kept, 1 added or changed, 1 removed or replaced"),
        "{e}"
    );
    let o = zhsearch(&["search", &out, "改过的正文", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["total"].as_u64(), v["hits"][0]["id"].as_str()),
        (Some(1), Some("3"))
    );
    let o = zhsearch(&["search", &out, "原文", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 0, "the old version is deleted");
    let o = zhsearch(&["stats", &out]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("deleted   1 documents"));
    let o = zhsearch(&["index", &src, "--split", &out, "--fresh"]);
    assert!(stderr(&o).contains("built afresh"), "{}", stderr(&o));
}

#[test]
fn newspaper_pages_index_as_stories_with_reader_pages() {
    let dir = tempfile::tempdir().unwrap();
    let articles = concat!(env!("CARGO_MANIFEST_DIR"), "/../articles");
    let out = dir.path().join("a.zhs").display().to_string();
    let o = zhsearch(&["index", articles, "-o", &out, "--url-base", "read/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("indexed 26 articles (25 of them stories of 4 pages) from 5 files"),
        "{}",
        stderr(&o)
    );
    let o = zhsearch(&["search", &out, "乡贤", "--json"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (r["total"].as_u64(), r["pages"].as_u64()),
        (Some(3), Some(2))
    );
    let hit = &r["hits"][0];
    assert_eq!(hit["title"], "乡贤回归赋能乡村振兴");
    assert_eq!(hit["url"], "read/001_cb3ea74b49b8cf59.html#s4");
    assert_eq!(hit["page"]["id"], "001_cb3ea74b49b8cf59.txt");
    let o = zhsearch(&["search", &out, "乡贤"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("3 results on 2 pages for"), "{text}");
    assert!(
        text.contains("on page: ■ 创建“五星”支部 引领城乡治理"),
        "{text}"
    );

    // The reader pages those urls point at: each story a section with its anchor.
    let read = dir.path().join("read");
    let o = zhsearch(&[
        "reader",
        articles,
        "-o",
        read.to_str().unwrap(),
        "--script",
        "../zh-highlight.js",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(read.join("001_cb3ea74b49b8cf59.html")).unwrap();
    assert!(
        html.contains("<section id=\"s4\">\n<h2>乡贤回归赋能乡村振兴</h2>"),
        "{html}"
    );
    assert!(html.contains("<script type=\"module\" src=\"../zh-highlight.js\"></script>"));
    assert_eq!(std::fs::read_dir(&read).unwrap().count(), 5);
    // A page of one story is one section without a heading of its own.
    let one = std::fs::read_to_string(read.join("002_a8e5c3ad946ad7f3.html")).unwrap();
    assert_eq!(one.matches("<section").count(), 1);
}

#[test]
fn reader_pages_escape_what_they_show() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    write(
        &src,
        "x.txt",
        "<script>alert(1)</script>\n正文 <b>&amp;</b>\n".as_bytes(),
    );
    let read = dir.path().join("read");
    let o = zhsearch(&[
        "reader",
        src.to_str().unwrap(),
        "-o",
        read.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(read.join("x.html")).unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"), "{html}");
}

#[test]
fn reader_pages_are_where_the_index_links_to() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("2024")).unwrap();
    // A front-matter id: the link and the page still follow the file's path.
    write(
        &src.join("2024"),
        "post.md",
        "---\nid: news-2024-01\n---\n# 县新闻\n\n导语。\n\n## 第一节\n\n第一段。\n\n第二段。\n"
            .as_bytes(),
    );
    let out = dir.path().join("i.zhs").display().to_string();
    let o = zhsearch(&[
        "index",
        src.to_str().unwrap(),
        "-o",
        &out,
        "--url-base",
        "read/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = zhsearch(&["search", &out, "第二段", "--json"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["hits"][0]["url"], "read/2024/post.html#第一节");
    let read = dir.path().join("read");
    let o = zhsearch(&[
        "reader",
        src.to_str().unwrap(),
        "-o",
        read.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(read.join("2024/post.html")).unwrap();
    // Each Markdown paragraph stays a paragraph.
    assert!(
        html.contains("<section id=\"第一节\">\n<h2>第一节</h2>\n<p>第一段。</p>\n<p>第二段。</p>"),
        "{html}"
    );
    // Two files that would share a reader page: an error naming both, nothing half-written.
    write(&src.join("2024"), "post.txt", "另一篇\n正文。\n".as_bytes());
    let again = dir.path().join("read2");
    let o = zhsearch(&[
        "reader",
        src.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2024/post.html"), "{}", stderr(&o));
    assert!(!again.exists());
}

#[test]
fn outputs_never_clobber_a_device_a_link_or_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "乡村振兴\n正文。".as_bytes());
    // A device: refused, left as it is.
    let o = zhsearch(&["index", &a, "-o", "/dev/null"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(t.is_char_device());
        // A symbolic link: written through, and still a link.
        let target = dir.path().join("real.zhs");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.zhs");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let o = zhsearch(&["index", &a, "-o", link.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read(&target).unwrap().starts_with(b"ZHSRCH"));
    }
    // One of the inputs: refused, the article intact.
    let o = zhsearch(&["index", &a, "-o", &a]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is one of the inputs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "乡村振兴\n正文。");
    // A device as the index to search: an error, not endless reading.
    let o = zhsearch(&["search", "/dev/zero", "x"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    // Said once, not three times.
    let o = zhsearch(&["search", "/nonexistent.zhs", "x"]);
    assert_eq!(
        stderr(&o).matches("No such file").count(),
        1,
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_pipe_of_queries_survives_bad_lines_and_edges_of_the_command_line() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "乡村振兴\n南乐县燃气安全。".as_bytes());
    let out = dir.path().join("a.zhs").display().to_string();
    assert!(zhsearch(&["index", &a, "-o", &out, "--threads", "5000"])
        .status
        .success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(["search", &out, "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"\xef\xbb\xbf\xe7\x87\x83\xe6\xb0\x94\n\xff\xfe bad\n\xe5\xae\x89\xe5\x85\xa8\n",
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(lines[2]["total"], 1);
    // A query that starts with a minus needs no `--`, and says what it lacks.
    let o = zhsearch(&["search", &out, "-南乐"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("only exclusions"));
    // --passages beyond the bound is clamped, not minutes of work.
    let o = zhsearch(&["search", &out, "燃气", "--passages", "1000000", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // `| head -1`: the reader goes away; the writer stops quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(["search", &out, "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        for _ in 0..20_000 {
            if stdin.write_all("燃气安全\n".as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut first = [0u8; 1];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let _ = feeder.join();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
}

#[test]
fn gbk_and_big5_exports_are_read_and_the_summary_names_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/encodings");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("e.zhs").display().to_string();
    let o = zhsearch(&["index", dir, "-o", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("read gbk.txt as GBK (detected)"), "{e}");
    assert!(
        e.contains("read gb2312.html as GBK (declared by the page)"),
        "{e}"
    );
    assert!(e.contains("read big5.txt as Big5 (detected)"), "{e}");
    assert!(
        e.contains("read utf16.jsonl as UTF-16LE (byte-order mark)"),
        "{e}"
    );
    assert!(
        e.contains("from 4 files (4 not in UTF-8), skipped 0"),
        "{e}"
    );
    let o = zhsearch(&["search", &out, "燃气安全", "--json"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["total"], 4);
    // An unknown --encoding is a clear error.
    let o = zhsearch(&["index", dir, "-o", &out, "--encoding", "klingon"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not an encoding name"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn warnings_of_files_read_before_a_failure_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    write(&src, "0.txt", b"x\xff\n");
    write(&src, "b.jsonl", b"{\"title\": bad\n");
    let out = dir.path().join("i.zhs").display().to_string();
    let o = zhsearch(&["index", src.to_str().unwrap(), "-o", &out]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("warning: 0.txt: invalid UTF-8 replaced"), "{e}");
    assert!(e.contains("error: b.jsonl:1:"), "{e}");
}

/// A portal's 栏目 and dates: filter, count, sort newest first, list without a query, and
/// clear errors for what the index does not have.
#[test]
fn filters_facets_dates_and_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let feed = write(
        dir.path(),
        "feed.jsonl",
        concat!(
            "{\"id\":\"1\",\"title\":\"燃气安全检查\",\"body\":\"开展燃气安全大排查\",\"date\":\"2024年1月4日\",\"栏目\":\"要闻\"}\n",
            "{\"id\":\"2\",\"title\":\"燃气安全通知\",\"body\":\"关于燃气安全的通知\",\"date\":\"２０２３年５月１日\",\"栏目\":\"通知公告\"}\n",
            "{\"id\":\"3\",\"title\":\"政策解读\",\"body\":\"燃气安全政策\",\"date\":\"某日\",\"栏目\":[\"政策解读\",\"要闻\"]}\n",
        )
        .as_bytes(),
    );
    let out = dir.path().join("site.zhs").display().to_string();
    let o = zhsearch(&["index", &feed, "-o", &out, "--filter-field", "栏目"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("feed.jsonl:3: date \"某日\" is not a day"),
        "{}",
        stderr(&o)
    );
    let json = |args: &[&str]| -> serde_json::Value {
        let o = zhsearch(&[&["search", &out][..], args, &["--json"]].concat());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = json(&["燃气安全", "--filter", "栏目=要闻", "--facets"]);
    assert_eq!(r["total"], 2);
    assert_eq!(r["facets"]["栏目"]["通知公告"], 1, "{r}");
    assert_eq!(r["facets"]["栏目"]["要闻"], 2);
    assert_eq!(r["hits"][0]["meta"]["栏目"][0], "要闻");
    let r = json(&["燃气安全", "--sort", "-date"]);
    assert_eq!(ids(&r), ["1", "2", "3"]);
    let r = json(&["燃气安全", "--sort=date", "--before", "2023"]);
    assert_eq!(ids(&r), ["2"]);
    // No query: the articles the filters leave, newest first.
    let r = json(&["--filter", "栏目=要闻", "--filter", "栏目=通知公告"]);
    assert_eq!(ids(&r), ["1", "2", "3"]);
    for (args, says) in [
        (
            &["燃气", "--filter", "作者=王"][..],
            "unknown filter field \"作者\"",
        ),
        (&["燃气", "--filter", "栏目"][..], "expected NAME=VALUE"),
        (&["燃气", "--after", "明天"][..], "not a date"),
        (
            &["燃气", "--sort", "newest"][..],
            "expected relevance, date or -date",
        ),
    ] {
        let o = zhsearch(&[&["search", &out][..], args].concat());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

/// `-` reads the inputs' names from standard input; every subcommand's help has examples;
/// a usage error exits 2, other errors 1.
#[test]
fn inputs_from_standard_input_help_and_exit_codes() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.txt",
        "燃气安全\n开展燃气安全大排查".as_bytes(),
    );
    let b = write(dir.path(), "b.txt", "乡村振兴\n五星支部".as_bytes());
    let out = dir.path().join("x.zhs").display().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(["index", "-", "-o", &out])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let list = format!("{a}\n\n{b}\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("indexed 2 articles from 2 files"),
        "{}",
        stderr(&o)
    );
    // One name listed: the id is still the path as given, as with two.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhsearch"))
        .args(["index", "-", "-o", &out])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(a.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    let o = zhsearch(&["search", &out, "燃气安全", "--json"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["hits"][0]["id"], a.trim_start_matches('/'));
    for sub in ["index", "search", "reader", "stats"] {
        let o = zhsearch(&[sub, "--help"]);
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            help.contains("zhsearch ") && help.contains("Example"),
            "{sub}: {help}"
        );
    }
    assert!(String::from_utf8_lossy(&zhsearch(&["--help"]).stdout).contains("Exit status"));
    assert_eq!(zhsearch(&["search"]).status.code(), Some(2));
    assert_eq!(
        zhsearch(&["search", "/nonexistent.zhs", "x"]).status.code(),
        Some(1)
    );
}

/// A field pages declare filterable (`data-zhsearch-filter`) is one in both layouts, without
/// `--filter-field`, even when the page declaring it is read after articles holding it.
#[test]
fn fields_pages_declare_filterable_are_filters_in_both_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    write(
        &site,
        "a.jsonl",
        "{\"id\":\"a1\",\"title\":\"燃气安全\",\"body\":\"燃气安全大排查\",\"栏目\":\"要闻\"}\n"
            .as_bytes(),
    );
    write(
        &site,
        "b.html",
        "<html><head><title>燃气安全通知</title></head><body><span data-zhsearch-filter=\"栏目\">通知公告</span><p>燃气安全检查</p></body></html>".as_bytes(),
    );
    let site = site.display().to_string();
    let single = dir.path().join("site.zhs").display().to_string();
    let split = dir.path().join("split").display().to_string();
    for out in [["-o", &single], ["--split", &split]] {
        let o = zhsearch(&[&["index", &site][..], &out].concat());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for index in [&single, &split] {
        let o = zhsearch(&["search", index, "燃气安全", "--facets", "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["facets"]["栏目"]["要闻"], 1, "{index}: {v}");
        assert_eq!(v["facets"]["栏目"]["通知公告"], 1, "{index}: {v}");
    }
}
