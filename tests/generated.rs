//! The committed completions and man pages match what the binary
//! generates now. Regenerate with `bash scripts/regen` if this fails.

mod common;
use common::Env;

#[test]
fn completions_are_fresh() {
    let env = Env::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "triage.bash"),
        ("zsh", "_triage"),
        ("fish", "triage.fish"),
        ("powershell", "_triage.ps1"),
        ("elvish", "triage.elv"),
    ] {
        let fresh = env.ok(&["completions", shell]);
        let committed =
            std::fs::read_to_string(root.join("completions").join(file)).unwrap_or_default();
        assert!(
            fresh == committed,
            "completions/{file} is stale: run `bash scripts/regen`"
        );
    }
}

#[test]
fn man_pages_are_fresh() {
    let env = Env::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = env.dir.path().join("man");
    env.ok(&["man", "--out-dir", out.to_str().unwrap()]);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut committed: Vec<String> = std::fs::read_dir(root.join("man"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    committed.sort();
    assert_eq!(
        names, committed,
        "man/ has a different set of pages: run `bash scripts/regen`"
    );
    for name in names {
        let fresh = std::fs::read_to_string(out.join(&name)).unwrap();
        let old = std::fs::read_to_string(root.join("man").join(&name)).unwrap();
        assert!(
            fresh == old,
            "man/{name} is stale: run `bash scripts/regen`"
        );
    }
}

/// README.md and the guides under docs/, with their paths.
fn pages(root: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut paths = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces
/// to hyphens.
fn anchor_of(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a page's headings (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            out.push(anchor_of(line.trim_start_matches('#')));
        }
    }
    out
}

#[test]
fn every_link_of_the_readme_and_the_guides_resolves() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, text) in pages(root) {
        for piece in text.split("](").skip(1) {
            let Some(target) = piece.split(')').next() else {
                continue;
            };
            if target.contains("://") || target.starts_with("mailto:") || target.contains(' ') {
                continue;
            }
            checked += 1;
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            let file = if file.is_empty() {
                path.clone()
            } else {
                path.parent().unwrap().join(file)
            };
            let Ok(linked) = std::fs::read_to_string(&file) else {
                if !file.exists() {
                    broken.push(format!("{}: {target}: no such file", path.display()));
                }
                continue;
            };
            if !anchor.is_empty() && !anchors(&linked).iter().any(|a| a == anchor) {
                broken.push(format!("{}: {target}: no such heading", path.display()));
            }
        }
    }
    assert!(checked > 20, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn readme_shows_the_current_docs_and_commands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut includes = 0;
    for (page, text) in pages(root) {
        for block in text.split("<!-- include: ").skip(1) {
            let (name, rest) = block.split_once(" -->\n").unwrap();
            let shown = rest.split("<!-- end include -->").next().unwrap();
            let mut body = std::fs::read_to_string(root.join(name))
                .unwrap()
                .trim_end()
                .to_string()
                + "\n";
            if name.ends_with(".yaml") {
                body = format!("```yaml\n{body}```\n");
            }
            assert!(
                shown == body,
                "{}'s copy of {name} is stale: run `bash scripts/regen`",
                page.display()
            );
            includes += 1;
        }
    }
    assert!(
        includes >= 1,
        "the rule-file reference includes the starter rules"
    );
    let reference = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    assert!(reference.contains("<!-- include: src/rules/starter.yaml -->"));
    assert!(
        readme.lines().count() <= 600,
        "the README is a front page: the guides live in docs/"
    );
    let first_block: Vec<&str> = readme
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap()
        .lines()
        .collect();
    assert_eq!(
        first_block.len(),
        2,
        "the README starts with exactly two set-up commands"
    );
    assert!(first_block[0].starts_with("cargo run --release -- demo"));
    assert!(first_block[1].starts_with("cargo test --locked"));
}

#[test]
fn man_pages_say_the_environment_and_the_exit_status() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in ["triage.1", "triage-create.1", "triage-report.1"] {
        let text = std::fs::read_to_string(root.join("man").join(page)).unwrap();
        assert!(text.contains(".SH ENVIRONMENT"), "{page}");
        assert!(text.contains("TRIAGE_DB"), "{page}");
        let status = text.split(".SH \"EXIT STATUS\"").nth(1).expect(page);
        for code in ["0", "1", "2", "70", "75"] {
            assert!(status.contains(&format!(".TP\n{code}\n")), "{page}: {code}");
        }
    }
}
