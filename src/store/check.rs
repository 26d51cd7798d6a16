//! What `triage doctor` reports, whichever engine it inspected.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::TicketId;

/// How many example records a problem lists.
const EXAMPLES: usize = 5;

/// One kind of inconsistency `doctor` looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The schema version is missing, unreadable or not this build's.
    Schema,
    /// A backup restore stopped half-way: the database is incomplete.
    RestoreIncomplete,
    /// A ticket, trash, summary, index, agent or meta record that does not decode.
    Unreadable,
    /// A ticket stored under a key other than its own id.
    TicketKey,
    /// A ticket both live and in the trash.
    LiveAndTrashed,
    /// A stored ticket lacks one of its index entries.
    MissingIndex,
    /// An index entry points to no ticket, or to one that should not have it.
    StaleIndex,
    /// Two tickets share one source + external id.
    ExternalConflict,
    /// The id counter is not above the highest id in use.
    Counter,
    /// A ticket's `history_len` differs from the length of its audit log.
    HistoryLen,
    /// A ticket's summary is missing or does not match the ticket, or a
    /// summary has no ticket.
    Summary,
}

impl Check {
    /// Whether [`crate::store::Store::repair`] can fix it from the data that is there.
    pub fn repairable(self) -> bool {
        matches!(
            self,
            Check::LiveAndTrashed
                | Check::MissingIndex
                | Check::StaleIndex
                | Check::Counter
                | Check::HistoryLen
                | Check::Summary
        )
    }

    /// What the problem is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Check::Schema => "schema version missing, unreadable or not this build's",
            Check::RestoreIncomplete => {
                "a backup restore was interrupted: the database is incomplete \
                 (run `triage backup restore FILE` again)"
            }
            Check::Unreadable => "records that cannot be read",
            Check::TicketKey => "tickets stored under another id",
            Check::LiveAndTrashed => "tickets both live and in the trash",
            Check::MissingIndex => "index entries missing for stored tickets",
            Check::StaleIndex => "index entries pointing to no ticket or the wrong one",
            Check::ExternalConflict => {
                "tickets sharing one source + external id (merge or re-key one of them)"
            }
            Check::Counter => "id counter not above the highest id in use",
            Check::HistoryLen => "tickets whose history_len differs from their audit log",
            Check::Summary => "report summaries missing or out of date",
        }
    }
}

/// One kind of problem with how often it occurred and a few examples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub check: Check,
    pub count: u64,
    pub examples: Vec<String>,
    pub repairable: bool,
}

/// What [`crate::store::Store::inspect`] found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Inspection {
    pub schema: u32,
    pub tickets: u64,
    pub trashed: u64,
    pub events: u64,
    pub index_entries: u64,
    pub agents: u64,
    pub next_id: TicketId,
    /// Highest ticket id seen in tickets or trash (0 if none).
    pub max_id: TicketId,
    /// Problems in a fixed order; empty when the database is consistent.
    pub problems: Vec<Problem>,
    #[serde(skip)]
    pub fixes: Fixes,
}

impl Inspection {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems other than `check`.
    pub fn without(&self, check: Check) -> Vec<&Problem> {
        self.problems.iter().filter(|p| p.check != check).collect()
    }
}

/// What [`crate::store::Store::repair`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// One line per action taken.
    pub actions: Vec<String>,
}

/// What a repair needs to know beyond the counted problems.
#[derive(Clone, Debug, Default)]
pub struct Fixes {
    /// Indexes (or summaries) must be written again from the tickets.
    pub rebuild: bool,
    /// Trash copies of live tickets.
    pub trash_copies: Vec<TicketId>,
    /// Tickets whose `history_len` must become their audit log's length.
    pub history: Vec<TicketId>,
}

/// Problems as they are found, counted with a few examples each.
#[derive(Default)]
pub struct Findings {
    found: BTreeMap<Check, (u64, Vec<String>)>,
}

impl Findings {
    pub fn add(&mut self, check: Check, example: impl FnOnce() -> String) {
        let entry = self.found.entry(check).or_default();
        entry.0 += 1;
        if entry.1.len() < EXAMPLES {
            entry.1.push(example());
        }
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.found
            .into_iter()
            .map(|(check, (count, examples))| Problem {
                check,
                count,
                examples,
                repairable: check.repairable(),
            })
            .collect()
    }
}
