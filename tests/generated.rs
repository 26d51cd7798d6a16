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

#[test]
fn readme_shows_the_current_docs_and_commands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut includes = 0;
    for block in readme.split("<!-- include: ").skip(1) {
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
            "README.md's copy of {name} is stale: run `bash scripts/regen`"
        );
        includes += 1;
    }
    assert!(includes >= 1, "README.md includes the starter rules");
    assert!(readme.contains("<!-- include: src/rules/starter.yaml -->"));
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
