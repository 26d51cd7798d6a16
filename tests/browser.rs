//! The HTML report in a real browser: headless Chromium renders the page
//! of the demo's database to a PNG, which must not be blank (many
//! colours, much drawn, the charts' blue among them). Skipped, saying so,
//! where no Chromium is installed; CI installs Debian's `chromium`.

mod common;
use common::Env;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The first browser found: `TRIAGE_BROWSER`, else Chromium or Chrome on PATH.
fn browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TRIAGE_BROWSER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Renders `page` to `png` at 1200×2000 pixels; the browser is killed
/// after two minutes.
fn screenshot(browser: &Path, page: &Path, png: &Path, home: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
        ])
        .arg(format!(
            "--user-data-dir={}",
            home.join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1200,2000")
        .arg(format!("file://{}", page.display()))
        .env("HOME", home)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the browser");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
            }
            assert!(
                png.exists(),
                "{} exited {status} without a screenshot:\n{err}",
                browser.display()
            );
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} took over two minutes", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_html_report_renders_in_a_browser_and_is_not_blank() {
    let Some(browser) = browser() else {
        eprintln!("skipped: no Chromium on PATH (apt-get install chromium, or set TRIAGE_BROWSER)");
        return;
    };
    let env = Env::new();
    let demo = env.dir.path().join("demo");
    env.ok(&["demo", "--keep", demo.to_str().unwrap()]);
    let page = env.dir.path().join("report.html");
    let db = demo.join("db");
    env.ok_at(
        "2026-03-05 12:30",
        &[
            "--db",
            db.to_str().unwrap(),
            "report",
            "-o",
            page.to_str().unwrap(),
        ],
    );
    let png = env.dir.path().join("report.png");
    screenshot(&browser, &page, &png, env.dir.path());

    let mut decoder =
        png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1200, 2000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let rgb: Vec<[u8; 3]> = pixels[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let background = rgb[0];
    let drawn = rgb.iter().filter(|&&p| p != background).count();
    let colours: std::collections::HashSet<[u8; 3]> = rgb.iter().copied().collect();
    // The charts' first series colour, #4E79A7, give or take antialiasing.
    let chart_blue = rgb
        .iter()
        .filter(|p| p[0].abs_diff(0x4E) < 8 && p[1].abs_diff(0x79) < 8 && p[2].abs_diff(0xA7) < 8)
        .count();
    eprintln!(
        "screenshot: {} drawn pixels of {}, {} colours, {chart_blue} chart-blue pixels",
        drawn,
        rgb.len(),
        colours.len()
    );
    assert!(drawn * 100 > rgb.len() * 3, "under 3% of the page drawn");
    assert!(colours.len() > 50, "only {} colours", colours.len());
    assert!(
        chart_blue > 500,
        "no chart drawn ({chart_blue} blue pixels)"
    );
}
