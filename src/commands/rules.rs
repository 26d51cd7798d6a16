//! `triage rules check` and `triage rules test`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::Ctx;
use crate::cli::{RulesCheckArgs, RulesTestArgs};
use crate::error::{Error, Result};
use crate::intake;
use crate::intake::{build_ticket, request_from_json};
use crate::output::{self, Cell, Format, Table};
use crate::rules::Rules;
use crate::yaml_limits;

pub fn check(ctx: &mut Ctx, args: &RulesCheckArgs) -> Result<()> {
    let (rules, origin) = match &args.file {
        Some(path) => (Rules::load(path)?, path.display().to_string()),
        None => match ctx.rules_file() {
            Some(path) => (Rules::load(&path)?, path.display().to_string()),
            None => (Rules::embedded(), "the embedded default rules".to_string()),
        },
    };
    let summary: Vec<String> = rules
        .summary()
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    if !ctx.quiet {
        writeln!(
            ctx.out,
            "{origin}: ok ({}; zone {})",
            summary.join(", "),
            rules.zone
        )?;
    }
    Ok(())
}

/// One sample ticket and what the rules should make of it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[serde(default)]
    name: Option<String>,
    ticket: serde_json::Value,
    expect: Expect,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    category: Option<String>,
    priority: Option<String>,
    team: Option<String>,
    policy: Option<String>,
    skills: Option<Vec<String>>,
    tags: Option<Vec<String>>,
    fields: Option<BTreeMap<String, String>>,
    kb: Option<Vec<String>>,
}

fn load_cases(path: &Path) -> Result<Vec<Case>> {
    let name = path.display().to_string();
    let text = yaml_limits::read(path, "cases file").map_err(|e| Error::data(e.in_file(&name)))?;
    serde_yaml::from_str(&text).map_err(|e| {
        let place = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        Error::data(format!(
            "{name}{place}: {message} (expected a list of cases with `ticket:` and `expect:`)"
        ))
    })
}

pub fn test(ctx: &mut Ctx, args: &RulesTestArgs) -> Result<()> {
    let cases = load_cases(&args.cases)?;
    let now: DateTime<Utc> = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let mut table = Table::new(
        "rules_test",
        "",
        &[
            ("case", "Case"),
            ("field", "Field"),
            ("expected", "Expected"),
            ("got", "Got"),
            ("result", "Result"),
        ],
    );
    let mut failed_cases = 0;
    for (index, case) in cases.iter().enumerate() {
        let label = case
            .name
            .clone()
            .unwrap_or_else(|| format!("case {}", index + 1));
        let request = request_from_json(&case.ticket.to_string())
            .map_err(|e| Error::data(format!("{}: {label}: {e}", args.cases.display())))?;
        let (mut ticket, explicit) = build_ticket(&request, now);
        intake::prepare(&rules, &mut ticket, &explicit, now, "rules-test");
        let e = &case.expect;
        let mut checks: Vec<(&str, String, String)> = Vec::new();
        let list = |v: &[String]| v.join(", ");
        if let Some(v) = &e.category {
            checks.push((
                "category",
                v.clone(),
                ticket.category.clone().unwrap_or_default(),
            ));
        }
        if let Some(v) = &e.priority {
            let want = v
                .parse::<crate::model::Priority>()
                .map(|p| p.to_string())
                .unwrap_or_else(|_| v.clone());
            checks.push(("priority", want, ticket.priority.to_string()));
        }
        if let Some(v) = &e.team {
            checks.push(("team", v.clone(), ticket.team.clone().unwrap_or_default()));
        }
        if let Some(v) = &e.policy {
            checks.push((
                "policy",
                v.clone(),
                ticket.sla.policy.clone().unwrap_or_default(),
            ));
        }
        if let Some(v) = &e.skills {
            checks.push(("skills", list(v), list(&ticket.skills)));
        }
        if let Some(v) = &e.tags {
            checks.push(("tags", list(v), list(&ticket.tags)));
        }
        if let Some(v) = &e.kb {
            checks.push(("kb", list(v), list(&ticket.kb)));
        }
        if let Some(fields) = &e.fields {
            for (k, v) in fields {
                checks.push((
                    "field",
                    format!("{k}={v}"),
                    format!("{k}={}", ticket.fields.get(k).cloned().unwrap_or_default()),
                ));
            }
        }
        let mut case_failed = false;
        for (field, want, got) in checks {
            let ok = want == got;
            case_failed |= !ok;
            table.push(vec![
                Cell::text(label.clone()),
                Cell::text(field),
                Cell::text(want),
                Cell::text(got),
                Cell::text(if ok { "ok" } else { "FAIL" }),
            ]);
        }
        if case_failed {
            failed_cases += 1;
        }
    }
    let format = ctx.format_or(Format::Table);
    output::render(&mut ctx.out, &table, format, rules.zone)?;
    if failed_cases > 0 {
        return Err(Error::data(format!(
            "{failed_cases} of {} cases failed ({})",
            cases.len(),
            args.cases.display()
        )));
    }
    ctx.say(format!("all {} cases passed", cases.len()));
    Ok(())
}
