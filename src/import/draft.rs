//! A validated row, ready for the import command to classify and upsert.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use csv::StringRecord;

use crate::model::{Customer, Priority, Status};

/// One row of a legacy export, validated and typed. Nothing here is
/// defaulted that the file did not say (or the mapping's `defaults:`):
/// `priority` and `status` stay `None` so the rules can classify, and
/// `created_at` stays `None` so the command can choose "now".
#[derive(Clone, Debug, PartialEq)]
pub struct TicketDraft {
    /// Physical line where the row starts in a CSV (lines inside quoted
    /// multi-line cells counted), or the row number in a sheet.
    pub line: u64,
    pub external_id: Option<String>,
    /// Never empty: a row with an id but no title gets the first line of
    /// its body, or `(no title)`, and a warning saying so.
    pub title: String,
    pub body: String,
    pub customer: Customer,
    /// Lower-cased; common names folded (`E-mail`/`邮件` → `email`,
    /// `电话` → `phone`, `在线客服` → `chat`, `网页` → `web`, `微博` → `social`).
    pub channel: Option<String>,
    pub category: Option<String>,
    pub priority: Option<Priority>,
    pub status: Option<Status>,
    pub assignee: Option<String>,
    pub team: Option<String>,
    /// Split on `,` `;` `|` `，` `；` `、`, trimmed, without repeats.
    pub tags: Vec<String>,
    pub created_at: Option<DateTime<Utc>>,
    /// The time the row was written, for event-log exports where several
    /// rows share an id: the command orders and dates history events by it.
    pub updated_at: Option<DateTime<Utc>>,
    /// From a first-response column, else derived from `created_at` plus a
    /// first-response duration column.
    pub first_response_at: Option<DateTime<Utc>>,
    /// From a resolved column, else `created_at` plus a resolution duration.
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Customer satisfaction, 1..=5.
    pub csat: Option<u8>,
    /// Agent replies, when the export counts them.
    pub replies: Option<u32>,
    /// Unmapped columns, header → cell (trimmed; empty and null cells left
    /// out). Columns beyond the header row appear as `Column N`.
    pub fields: BTreeMap<String, String>,
    /// Inconsistencies that do not reject the row: resolved before created,
    /// a derived title, cells beyond the header, undecodable bytes, ...
    pub warnings: Vec<String>,
    /// The row's cells as read, for a rejects file should the command
    /// reject the draft later.
    pub cells: StringRecord,
}

impl TicketDraft {
    pub(crate) fn empty(line: u64) -> TicketDraft {
        TicketDraft {
            line,
            external_id: None,
            title: String::new(),
            body: String::new(),
            customer: Customer::default(),
            channel: None,
            category: None,
            priority: None,
            status: None,
            assignee: None,
            team: None,
            tags: Vec::new(),
            created_at: None,
            updated_at: None,
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            csat: None,
            replies: None,
            fields: BTreeMap::new(),
            warnings: Vec::new(),
            cells: StringRecord::new(),
        }
    }

    /// A stable 64-bit FNV-1a hash of the row's cells. For rows without an
    /// id the command can use `row-{fingerprint:016x}` as the external id,
    /// so re-importing the same file updates rather than duplicates
    /// (a row whose content changed becomes a new ticket).
    pub fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for cell in self.cells.iter() {
            for byte in cell.trim().bytes().chain(std::iter::once(0x1F)) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }

    /// Times that contradict each other or the status: a first response,
    /// resolution or close before creation, a close before the resolution,
    /// a first response after the resolution (the SLA counts it as
    /// recorded, late, rather than stopping at the resolution), an active
    /// status with a resolved or closed time. Each is also one of
    /// the row's [`warnings`](TicketDraft::warnings); `import --strict-times`
    /// rejects the rows that have any.
    pub fn time_conflicts(&self) -> Vec<String> {
        let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        let mut out = Vec::new();
        if let Some(created) = self.created_at {
            for (name, at) in [
                ("first response", self.first_response_at),
                ("resolved", self.resolved_at),
                ("closed", self.closed_at),
            ] {
                if let Some(at) = at.filter(|at| *at < created) {
                    out.push(format!(
                        "{name} ({}) before created ({})",
                        fmt(at),
                        fmt(created)
                    ));
                }
            }
        }
        if let (Some(first), Some(resolved)) = (self.first_response_at, self.resolved_at) {
            if first > resolved {
                // To the second: such a response is often only moments late.
                let exact = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S%.f UTC").to_string();
                out.push(format!(
                    "first response ({}) after resolved ({}): counted as recorded",
                    exact(first),
                    exact(resolved)
                ));
            }
        }
        if let (Some(resolved), Some(closed)) = (self.resolved_at, self.closed_at) {
            if closed < resolved {
                out.push(format!(
                    "closed ({}) before resolved ({})",
                    fmt(closed),
                    fmt(resolved)
                ));
            }
        }
        if let Some(status) = self.status {
            if status.is_active() && (self.resolved_at.is_some() || self.closed_at.is_some()) {
                out.push(format!(
                    "status is {status} but the row has a resolved or closed time"
                ));
            }
        }
        out
    }
}
