//! `triage list`: find tickets by status, priority, people, text and time.

use super::Ctx;
use crate::cli::{ListArgs, SortKey};
use crate::error::{Error, Result};
use crate::model::{Priority, Status, Ticket};
use crate::output::{self, Cell, Format, Table};

/// Filters parsed from the flags.
struct Filter {
    statuses: Vec<Status>,
    priorities: Vec<Priority>,
    assignee: Option<String>,
    team: Option<String>,
    tag: Option<String>,
    channel: Option<String>,
    category: Option<String>,
    customer: Option<String>,
    text: Option<String>,
    since: Option<chrono::DateTime<chrono::Utc>>,
    until: Option<chrono::DateTime<chrono::Utc>>,
    flow: Option<String>,
    /// Index of `--step` in the flow's steps.
    step: Option<usize>,
}

impl Filter {
    fn from_args(ctx: &mut Ctx, args: &ListArgs) -> Result<Filter> {
        let mut statuses = Vec::new();
        for s in &args.statuses {
            if s == "active" {
                statuses.extend(Status::ALL.iter().filter(|s| s.is_active()));
            } else {
                statuses.push(
                    s.parse::<Status>()
                        .map_err(|e| Error::Usage(format!("--status: {e}")))?,
                );
            }
        }
        let priorities = args
            .priorities
            .iter()
            .map(|p| {
                p.parse::<Priority>()
                    .map_err(|e| Error::Usage(format!("--priority: {e}")))
            })
            .collect::<Result<_>>()?;
        let since = args
            .since
            .as_deref()
            .map(|t| ctx.parse_time("--since", t))
            .transpose()?;
        let until = args
            .until
            .as_deref()
            .map(|t| ctx.parse_time("--until", t))
            .transpose()?;
        let step = match (&args.flow, &args.step) {
            (Some(flow), Some(step)) => {
                let rules = ctx.rules()?;
                let spec = rules.flow(flow).ok_or_else(|| {
                    Error::Usage(format!(
                        "--flow {flow:?}: the rule file ({}) declares no such flow, so --step cannot be looked up",
                        rules.origin
                    ))
                })?;
                let index = spec.steps.iter().position(|s| &s.name == step);
                Some(index.ok_or_else(|| {
                    let names: Vec<&str> = spec.steps.iter().map(|s| s.name.as_str()).collect();
                    Error::Usage(format!(
                        "--step {step:?}: flow {flow} has steps {}",
                        names.join(", ")
                    ))
                })?)
            }
            _ => None,
        };
        Ok(Filter {
            flow: args.flow.clone(),
            step,
            statuses,
            priorities,
            assignee: args.assignee.clone(),
            team: args.team.clone(),
            tag: args.tag.clone(),
            channel: args.channel.clone(),
            category: args.category.clone(),
            customer: args.customer.as_ref().map(|c| c.to_lowercase()),
            text: args.text.as_ref().map(|t| t.to_lowercase()),
            since,
            until,
        })
    }

    fn keeps(&self, t: &Ticket) -> bool {
        let eq = |want: &Option<String>, have: Option<&str>| {
            want.as_deref()
                .is_none_or(|w| have.is_some_and(|h| h.eq_ignore_ascii_case(w)))
        };
        (self.statuses.is_empty() || self.statuses.contains(&t.status))
            && (self.priorities.is_empty() || self.priorities.contains(&t.priority))
            && match self.assignee.as_deref() {
                None => true,
                Some("none") | Some("-") => t.assignee.is_none(),
                Some(a) => t.assignee.as_deref() == Some(a),
            }
            && eq(&self.team, t.team.as_deref())
            && eq(&self.channel, Some(&t.channel))
            && eq(&self.category, t.category.as_deref())
            && self
                .tag
                .as_deref()
                .is_none_or(|tag| t.tags.iter().any(|x| x.eq_ignore_ascii_case(tag)))
            && self.customer.as_deref().is_none_or(|c| {
                [
                    &t.customer.name,
                    &t.customer.email,
                    &t.customer.phone,
                    &t.customer.id,
                ]
                .iter()
                .any(|v| v.as_deref().is_some_and(|v| v.to_lowercase().contains(c)))
            })
            && self.text.as_deref().is_none_or(|q| {
                t.title.to_lowercase().contains(q) || t.body.to_lowercase().contains(q)
            })
            && self
                .flow
                .as_deref()
                .is_none_or(|f| t.flow.as_ref().is_some_and(|state| state.name == f))
            && self.step.is_none_or(|i| {
                t.flow
                    .as_ref()
                    .is_some_and(|state| !state.completed && state.step == i)
            })
            && self.since.is_none_or(|s| t.created_at >= s)
            && self.until.is_none_or(|u| t.created_at < u)
    }
}

/// The columns `list` shows.
pub fn ticket_table(tickets: &[Ticket]) -> Table {
    let mut table = Table::new(
        "tickets",
        "",
        &[
            ("id", "ID"),
            ("status", "Status"),
            ("priority", "Pri"),
            ("title", "Title"),
            ("customer", "Customer"),
            ("channel", "Channel"),
            ("category", "Category"),
            ("team", "Team"),
            ("assignee", "Assignee"),
            ("created_at", "Created"),
            ("resolution_due", "Due"),
        ],
    );
    for t in tickets {
        table.push(vec![
            Cell::Int(t.id as i64),
            Cell::text(t.status.as_str()),
            Cell::text(t.priority.as_str()),
            Cell::text(t.title.clone()),
            Cell::text(t.customer.label()),
            Cell::text(t.channel.clone()),
            Cell::opt_text(t.category.clone()),
            Cell::opt_text(t.team.clone()),
            Cell::opt_text(t.assignee.clone()),
            Cell::Time(t.created_at),
            Cell::opt_time(t.sla.resolution_due.filter(|_| t.status.is_active())),
        ]);
    }
    table
}

pub fn run(ctx: &mut Ctx, args: &ListArgs) -> Result<()> {
    let filter = Filter::from_args(ctx, args)?;
    let zone = ctx.rules()?.zone;
    let store = ctx.open_store()?;
    let mut tickets: Vec<Ticket> = if args.trash {
        store.trashed_all()?
    } else if !filter.statuses.is_empty() && filter.statuses.iter().all(|s| s.is_active()) {
        // Only unresolved tickets can match: read those through the
        // active index instead of decoding the whole history.
        let mut kept = store.active_tickets()?;
        kept.retain(|t| filter.keeps(t));
        kept
    } else {
        let mut kept = Vec::new();
        for t in store.tickets() {
            let t = t?;
            if filter.keeps(&t) {
                kept.push(t);
            }
        }
        kept
    };
    drop(store);
    if args.trash {
        tickets.retain(|t| filter.keeps(t));
    }
    match args.sort.unwrap_or(SortKey::Id) {
        SortKey::Id => {}
        SortKey::Priority => tickets.sort_by_key(|t| (t.priority, t.created_at, t.id)),
        SortKey::Created => tickets.sort_by_key(|t| (t.created_at, t.id)),
        SortKey::Updated => tickets.sort_by_key(|t| (t.updated_at, t.id)),
        SortKey::Due => {
            tickets.sort_by_key(|t| (t.sla.resolution_due.is_none(), t.sla.resolution_due, t.id))
        }
    }
    if args.reverse {
        tickets.reverse();
    }
    if let Some(limit) = args.limit {
        tickets.truncate(limit);
    }
    let mut table = ticket_table(&tickets);
    if tickets.is_empty() {
        table.note = Some("no tickets match".to_string());
    }
    let format = ctx.format_or(Format::Table);
    if format == Format::Table && tickets.is_empty() {
        ctx.say("no tickets match");
        return Ok(());
    }
    output::render(&mut ctx.out, &table, format, zone)?;
    Ok(())
}
