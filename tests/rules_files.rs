//! Every rule-file error kind has a fixture whose first line says the
//! expected `line:column: message`; `rules check` must print exactly that
//! place and message and exit 1.

mod common;
use common::{fixture, stderr, Env};

#[test]
fn every_invalid_fixture_is_reported_at_its_place() {
    let env = Env::new();
    let dir = fixture("rules/invalid");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .unwrap()
            .strip_prefix("# expect: ")
            .expect("first line is `# expect: L:C: message`");
        let out = env.fails(&["rules", "check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let (place, message) = expect.split_at(expect.find(": ").expect("L:C: message"));
        let message = &message[2..];
        let want = format!("triage: {}:{place}: ", path.display());
        let got = stderr(&out);
        assert!(
            got.starts_with(&want) && got.contains(message),
            "{}:\n  want {want}...{message}\n  got  {got}",
            path.display()
        );
        // The same file given as --rules stops every command with the same message.
        let out = env
            .cmd()
            .env("TRIAGE_RULES", &path)
            .args(["list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stderr(&out), got);
        count += 1;
    }
    assert!(count >= 15, "only {count} invalid fixtures");
}

#[test]
fn embedded_default_and_fixtures_pass_check() {
    let env = Env::new();
    let out = env.ok(&["rules", "check"]);
    assert!(out.starts_with("the embedded default rules: ok"), "{out}");
    let out = env.ok(&[
        "rules",
        "check",
        fixture("rules/team.yaml").to_str().unwrap(),
    ]);
    assert!(out.contains("3 agents"), "{out}");
}

#[test]
fn missing_rule_file_is_a_clear_error() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TRIAGE_RULES", "/nonexistent/rules.yaml")
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/nonexistent/rules.yaml: cannot read rule file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_test_reports_mismatches() {
    let env = Env::with_rules("rules/team.yaml");
    let out = env.ok(&[
        "rules",
        "test",
        fixture("rules/cases.yaml").to_str().unwrap(),
    ]);
    assert!(out.contains("ok"), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
    let out = env.fails(&[
        "rules",
        "test",
        fixture("rules/cases-failing.yaml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FAIL"), "{text}");
    assert!(text.contains("wrong on purpose"), "{text}");
    assert!(
        stderr(&out).contains("1 of 2 cases failed"),
        "{}",
        stderr(&out)
    );
}
