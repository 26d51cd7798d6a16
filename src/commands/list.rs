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
                    Error::Data(format!(
                        "--flow {flow:?}: the rule file ({}) declares no such flow, so --step cannot be looked up",
                        rules.origin
                    ))
                })?;
                let index = spec.steps.iter().position(|s| &s.name == step);
                Some(index.ok_or_else(|| {
                    let names: Vec<&str> = spec.steps.iter().map(|s| s.name.as_str()).collect();
                    Error::Data(format!(
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

/// Tickets read per step when a limited list walks the active index.
const ACTIVE_STEP: usize = 256;

pub fn run(ctx: &mut Ctx, args: &ListArgs) -> Result<()> {
    let filter = Filter::from_args(ctx, args)?;
    let zone = ctx.rules()?.zone;
    let sort = args.sort.unwrap_or(SortKey::Id);
    // In id order a limit stops the reading early; another order must see
    // every match, keeping only the best `limit` of them.
    let stop_at = args.limit.filter(|_| sort == SortKey::Id);
    let mut kept = Kept::new(sort, args.reverse, args.limit);
    let store = ctx.open_store()?;
    if args.trash {
        for t in store.trashed_all()? {
            if filter.keeps(&t) {
                kept.push(t);
            }
        }
    } else if !filter.statuses.is_empty() && filter.statuses.iter().all(|s| s.is_active()) {
        // Only unresolved tickets can match: read those through the
        // active index instead of every ticket.
        let mut ids = store.active_ids()?;
        if args.reverse {
            ids.reverse();
        }
        'read: for step in ids.chunks(ACTIVE_STEP) {
            let mut batch = store.get_many(step)?;
            if args.reverse {
                batch.reverse();
            }
            for t in batch {
                if filter.keeps(&t) {
                    kept.push(t);
                    if stop_at.is_some_and(|n| kept.len() >= n) {
                        break 'read;
                    }
                }
            }
        }
    } else {
        let stream = if args.reverse && sort == SortKey::Id {
            store.tickets_newest_first()
        } else {
            store.tickets()
        };
        for t in stream {
            let t = t?;
            if filter.keeps(&t) {
                kept.push(t);
                if stop_at.is_some_and(|n| kept.len() >= n) {
                    break;
                }
            }
        }
    }
    drop(store);
    let tickets = kept.into_sorted();
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

/// The tickets a list keeps, in the order asked for: with a limit, only the
/// best `limit` so far, so a million matches never sit in memory.
struct Kept {
    sort: SortKey,
    reverse: bool,
    limit: Option<usize>,
    tickets: Vec<Ticket>,
}

type SortTuple = (bool, Option<chrono::DateTime<chrono::Utc>>, Priority, u64);

impl Kept {
    fn new(sort: SortKey, reverse: bool, limit: Option<usize>) -> Kept {
        Kept {
            sort,
            reverse,
            limit,
            tickets: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.tickets.len()
    }

    /// The sort key of a ticket; ids break ties.
    fn key(&self, t: &Ticket) -> SortTuple {
        match self.sort {
            SortKey::Id => (false, None, Priority::P1, t.id),
            SortKey::Priority => (false, Some(t.created_at), t.priority, t.id),
            SortKey::Created => (false, Some(t.created_at), Priority::P1, t.id),
            SortKey::Updated => (false, Some(t.updated_at), Priority::P1, t.id),
            SortKey::Due => (
                t.sla.resolution_due.is_none(),
                t.sla.resolution_due,
                Priority::P1,
                t.id,
            ),
        }
    }

    fn order(&self, a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
        let (ka, kb) = (self.key(a), self.key(b));
        // Priority sorts by priority first, then creation time.
        let ordering = if self.sort == SortKey::Priority {
            (ka.2, ka.1, ka.3).cmp(&(kb.2, kb.1, kb.3))
        } else {
            ka.cmp(&kb)
        };
        if self.reverse {
            ordering.reverse()
        } else {
            ordering
        }
    }

    fn push(&mut self, t: Ticket) {
        self.tickets.push(t);
        // Sorting from time to time keeps memory at twice the limit.
        if let Some(limit) = self.limit.filter(|_| self.sort != SortKey::Id) {
            if self.tickets.len() >= 2 * limit.max(64) {
                self.trim(limit);
            }
        }
    }

    fn trim(&mut self, limit: usize) {
        let mut tickets = std::mem::take(&mut self.tickets);
        tickets.sort_by(|a, b| self.order(a, b));
        tickets.truncate(limit);
        self.tickets = tickets;
    }

    fn into_sorted(mut self) -> Vec<Ticket> {
        let mut tickets = std::mem::take(&mut self.tickets);
        tickets.sort_by(|a, b| self.order(a, b));
        if let Some(limit) = self.limit {
            tickets.truncate(limit);
        }
        tickets
    }
}
