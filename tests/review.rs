//! The review page in a real browser (headless Chromium, installed by
//! `.ci/run` when missing): figures highlighted, filters working, no script
//! from article text executed; a screenshot is saved for people to look at.

use crate::util::Dir;

fn chromium() -> Option<std::path::PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.exists())
}

fn headless(
    browser: &std::path::Path,
    profile: &std::path::Path,
    extra: &[&str],
    url: &str,
) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
        ])
        .args([
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn review_page_in_a_real_browser() {
    let dir = Dir::new();
    dir.create(
        "in/a.txt",
        "Năm 2022, tỷ lệ dân số có điện thoại thông minh của tỉnh Gia Lai đạt 61%; tỷ lệ hồ sơ trực tuyến đạt 51,4%.\n\
         Bài có chữ <script>document.title='pwned'</script> và <img src=x onerror=\"document.title='pwned'\"> đạt 9%.\n",
    );
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    assert_eq!(dir.command().args(["review", "out"]).code(), 0);
    let html = dir.read("out/review.html");
    for tag in [
        "<img",
        "<link",
        "<script src",
        "<iframe",
        "http://",
        "https://",
    ] {
        assert!(
            !html.contains(tag),
            "self-contained, no external assets: {tag}"
        );
    }
    assert!(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert_eq!(html.matches("<mark>").count(), 3);
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs chromium: it must be there"
        );
        crate::util::tool_present("review_page_in_a_real_browser", "chromium", false);
        return;
    };
    let page = dir.path().join("out/review.html");
    let url = format!("file://{}", page.display());
    // All figures, then one indicator through the URL's filter state.
    let dom = headless(&browser, &dir.path().join("p1"), &["--dump-dom"], &url);
    assert!(
        dom.contains("<title>solieu review</title>"),
        "no script from the article ran"
    );
    assert!(!dom.contains("pwned</title>"));
    assert_eq!(dom.matches("class=\"fig\"").count(), 3, "{dom}");
    let dom = headless(
        &browser,
        &dir.path().join("p2"),
        &["--dump-dom"],
        &format!("{url}#indicator=smartphone_users_rate"),
    );
    assert_eq!(dom.matches("class=\"fig\"").count(), 1);
    assert_eq!(dom.matches("class=\"fig hidden\"").count(), 2);
    assert!(dom.contains("<span id=\"shown\">1</span>"));
    let dom = headless(
        &browser,
        &dir.path().join("p3"),
        &["--dump-dom"],
        &format!("{url}#text=pwned"),
    );
    assert_eq!(dom.matches("class=\"fig\"").count(), 1);
    // A '%' in the hash that is no escape, and one that is: both filter.
    // "51,4%" stands in the sentence of two figures (61% and 51,4%), not in
    // the third's: two rows are shown, the 9% row is hidden.
    for hash in ["#text=51,4%", "#text=51%2C4%25", "#kind=percent&text=51,4%"] {
        let dom = headless(
            &browser,
            &dir.path().join("p5"),
            &["--dump-dom"],
            &format!("{url}{hash}"),
        );
        assert_eq!(dom.matches("class=\"fig\"").count(), 2, "{hash}");
        assert_eq!(dom.matches("class=\"fig hidden\"").count(), 1, "{hash}");
        assert!(dom.contains("<span id=\"shown\">2</span>"), "{hash}");
    }
    // A screenshot for people to look at.
    let shot =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/review-screenshot.png");
    headless(
        &browser,
        &dir.path().join("p4"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,900",
        ],
        &url,
    );
    assert!(
        std::fs::metadata(&shot)
            .map(|m| m.len() > 1000)
            .unwrap_or(false),
        "screenshot written"
    );
    println!("review page screenshot: {}", shot.display());
}

/// The page's own script run in Node with a stand-in document: the filters a
/// URL hash sets (`#text=51,4%` holds a '%' that is no escape).
#[test]
fn filters_from_a_url_hash_with_a_bare_percent() {
    let Some(node) = ["/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node"]
        .iter()
        .map(std::path::Path::new)
        .find(|p| p.exists())
    else {
        crate::util::tool_present("filters_from_a_url_hash_with_a_bare_percent", "node", false);
        return;
    };
    let dir = Dir::new();
    dir.create(
        "in/a.txt",
        "Năm 2022, tỷ lệ hồ sơ trực tuyến của tỉnh Gia Lai đạt 51,4%.\n",
    );
    assert_eq!(dir.command().args(["extract", "in", "-o", "out"]).code(), 0);
    assert_eq!(dir.command().args(["review", "out"]).code(), 0);
    let html = dir.read("out/review.html");
    let start = html.find("<script>").expect("an inline script") + "<script>".len();
    let script = &html[start..start + html[start..].find("</script>").unwrap()];
    for (hash, text, kind) in [
        ("#text=51,4%", "51,4%", ""),
        ("#text=51%2C4%25", "51,4%", ""),
        ("#kind=percent&text=a%26b", "a&b", "percent"),
        ("#text=100%&kind=percent", "100%", "percent"),
    ] {
        let harness = format!(
            "var els={{}};['f-indicator','f-kind','f-status','f-doc','f-text'].forEach(function(i){{els[i]={{value:'',addEventListener:function(){{}}}};}});\n\
             var document={{getElementById:function(i){{return els[i]||{{textContent:''}};}},querySelectorAll:function(){{return [];}},addEventListener:function(){{}}}};\n\
             var location={{hash:{hash:?}}};\n{script}\nfromHash();\n\
             console.log(JSON.stringify([els['f-text'].value,els['f-kind'].value]));"
        );
        dir.create("h.js", &harness);
        let out = std::process::Command::new(node)
            .arg(dir.path().join("h.js"))
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            got.trim(),
            serde_json::json!([text, kind]).to_string(),
            "{hash}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
