//! `triage assign` and `triage agents` on a roster fixture: each strategy,
//! queue order, --explain, vacation, --from, --to, stdin ids, auto-assign.

mod common;
use common::{fixture, stderr, Env};

/// Six tickets: two billing (one urgent), two tech (one urgent), an invoice
/// question and a general one, created a minute apart.
fn env_with_tickets() -> Env {
    let env = Env::with_rules("rules/roster.yaml");
    for (i, title) in [
        "refund A",
        "refund B urgent",
        "app crash",
        "invoice question",
        "crash urgent",
        "general",
    ]
    .iter()
    .enumerate()
    {
        env.ok_at(
            &format!("2026-03-02T09:0{i}:00Z"),
            &["create", "--title", title],
        );
    }
    env
}

/// `ticket:agent` pairs from `assign --format csv`.
fn pairs(csv_text: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            format!("{}:{}", &r[0], &r[3])
        })
        .collect()
}

#[test]
fn each_strategy_assigns_as_documented() {
    let env = env_with_tickets();
    let run = |strategy: &str| {
        pairs(&env.ok_at(
            "2026-03-02T10:00:00Z",
            &[
                "assign",
                "--dry-run",
                "--format",
                "csv",
                "--strategy",
                strategy,
            ],
        ))
    };
    // Queue order: the two P1 tickets (2, 5) first, then by age.
    assert_eq!(
        run("score"),
        ["2:amy", "5:cy", "1:amy", "3:di", "4:bo", "6:bo"]
    );
    assert_eq!(
        run("round_robin"),
        ["2:amy", "5:cy", "1:bo", "3:di", "4:amy", "6:cy"]
    );
    assert_eq!(
        run("least_loaded"),
        ["2:amy", "5:cy", "1:bo", "3:di", "4:bo", "6:cy"]
    );
    assert_eq!(
        run("skill"),
        ["2:amy", "5:cy", "1:amy", "3:cy", "4:bo", "6:bo"]
    );
    // A dry run changed nothing.
    assert_eq!(
        env.ok(&["list", "--assignee", "none", "--format", "ids"])
            .lines()
            .count(),
        6
    );
}

#[test]
fn assignment_is_saved_audited_and_capacity_respected() {
    let env = env_with_tickets();
    let out = env
        .cmd()
        .env("TRIAGE_NOW", "2026-03-02T10:00:00Z")
        .args(["assign", "--strategy", "skill"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("assigned 6 tickets"),
        "{}",
        stderr(&out)
    );
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["assignee"], "amy");
    assert_eq!(t["ticket"]["status"], "assigned");
    let note = t["events"][1]["note"].as_str().unwrap();
    assert!(
        note.starts_with("routed by skill: best skill fit"),
        "{note}"
    );
    // amy (capacity 2) is full: a third billing ticket goes to bo.
    env.ok_at("2026-03-02T10:05:00Z", &["create", "--title", "refund C"]);
    assert_eq!(
        pairs(&env.ok_at("2026-03-02T10:06:00Z", &["assign", "--format", "csv"])),
        ["7:bo"]
    );
    let agents = env.json(&["agents"]);
    let amy = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agent"] == "amy")
        .unwrap();
    assert_eq!(amy["load"], 2);
    assert_eq!(amy["capacity"], 2);
}

#[test]
fn unroutable_tickets_stay_with_a_reason_and_exit_zero() {
    let env = Env::with_rules("rules/roster.yaml");
    env.ok(&["create", "--title", "needs french", "--skill", "fr"]);
    let out = env
        .cmd()
        .args(["assign", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unassigned: no agent has skill fr"), "{text}");
    assert!(
        stderr(&out).contains("1 left unassigned"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn create_warns_about_a_skill_no_agent_has() {
    let env = Env::with_rules("rules/roster.yaml");
    let out = env
        .cmd()
        .args(["create", "--title", "needs french", "--skill", "fr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1\n",
        "stdout is the id alone"
    );
    assert!(
        stderr(&out).contains("no agent has skill \"fr\": ticket 1 waits unassigned"),
        "{}",
        stderr(&out)
    );
    let quiet = env
        .cmd()
        .args(["-q", "create", "--title", "more french", "--skill", "fr"])
        .output()
        .unwrap();
    assert_eq!(stderr(&quiet), "", "-q keeps stderr for errors");
}

#[test]
fn explain_lists_every_candidate_with_verdicts_and_scores() {
    let env = env_with_tickets();
    env.ok(&["agents", "set-status", "bo", "offline"]);
    let out = env.ok_at(
        "2026-03-02T15:00:00Z",
        &["assign", "3", "--explain", "--dry-run"],
    );
    assert!(
        out.contains("Ticket 3: candidates (score; weights skill 0.5 load 0.3 urgency 0.2)"),
        "{out}"
    );
    let line = |agent: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("│ {agent} ")))
            .unwrap_or_else(|| panic!("no row for {agent}:\n{out}"))
            .to_string()
    };
    assert!(
        line("amy").contains("not in team tech; missing skill tech"),
        "{}",
        line("amy")
    );
    assert!(
        line("bo").contains("not in team tech; missing skill tech; offline"),
        "{}",
        line("bo")
    );
    // di works 06:00-14:00: off shift at 15:00.
    assert!(line("di").contains("off shift"), "{}", line("di"));
    assert!(
        line("cy").contains("eligible") && line("cy").trim_end().ends_with("1 │"),
        "{}",
        line("cy")
    );
}

#[test]
fn vacation_receives_nothing_and_is_shown() {
    let env = env_with_tickets();
    let out = env
        .cmd()
        .args([
            "agents",
            "set-status",
            "amy",
            "vacation",
            "--reason",
            "holiday",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("amy is now vacation (was online)"));
    let assigned = pairs(&env.ok_at("2026-03-02T10:00:00Z", &["assign", "--format", "csv"]));
    assert!(
        assigned.iter().all(|p| !p.ends_with(":amy")),
        "{assigned:?}"
    );
    let table = env.ok(&["agents"]);
    assert!(table.contains("vacation (set)"), "{table}");
    let out = env.fails(&["agents", "set-status", "nobody", "online"]);
    assert!(stderr(&out).contains("unknown agent \"nobody\""));
    let out = env.fails(&["agents", "set-status", "amy", "sleeping"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn from_hands_a_leaving_agents_tickets_to_others() {
    let env = env_with_tickets();
    env.ok_at("2026-03-02T10:00:00Z", &["assign", "--strategy", "skill"]);
    assert_eq!(
        env.ok(&["list", "--assignee", "amy", "--format", "ids"]),
        "1\n2\n"
    );
    env.ok(&["agents", "set-status", "amy", "vacation"]);
    let moved = pairs(&env.ok_at(
        "2026-03-02T11:00:00Z",
        &["assign", "--from", "amy", "--format", "csv"],
    ));
    assert_eq!(moved, ["2:bo", "1:bo"]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["reassignments"], 1);
    let last = t["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from"], "amy");
    assert!(
        last["note"]
            .as_str()
            .unwrap()
            .starts_with("handed back by amy"),
        "{last}"
    );
}

#[test]
fn to_assigns_by_hand_with_warnings() {
    let env = env_with_tickets();
    let out = env
        .cmd()
        .args(["assign", "3", "--to", "amy"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("warning: ticket 3 needs tech which amy does not have"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.json(&["show", "3"])["ticket"]["assignee"], "amy");
    let out = env.fails(&["assign", "3", "--to", "zoe"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown agent \"zoe\""));
}

#[test]
fn ids_from_stdin_and_round_robin_state_persists_across_runs() {
    let env = Env::with_rules("rules/roster.yaml");
    for i in 0..6 {
        env.ok(&["create", "--title", &format!("refund {i}")]);
    }
    let mut seen = Vec::new();
    for id in 1..=4 {
        let out = env
            .cmd()
            .args([
                "assign",
                "-",
                "--strategy",
                "round_robin",
                "--format",
                "csv",
            ])
            .write_stdin(format!("{id}\n"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        seen.extend(pairs(&String::from_utf8_lossy(&out.stdout)));
    }
    // billing team: amy and bo alternate run after run (amy's capacity is 2).
    assert_eq!(seen, ["1:amy", "2:bo", "3:amy", "4:bo"]);
    let out = env.fails(&["assign", "x1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn create_assigns_at_once_when_the_rules_say_so() {
    let env = Env::new();
    let rules = env.dir.path().join("auto.yaml");
    let text = std::fs::read_to_string(fixture("rules/roster.yaml"))
        .unwrap()
        .replace(
            "  strategy: score",
            "  strategy: score\n  auto_assign: true",
        );
    std::fs::write(&rules, text).unwrap();
    let out = env
        .cmd()
        .env("TRIAGE_RULES", &rules)
        .args(["create", "--title", "app crash"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    assert!(stderr(&out).contains("assigned to cy"), "{}", stderr(&out));
}
