//! The ticket model: tickets, their statuses and priorities, and the audit
//! events that record every change. Pure data, no I/O.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Dense ticket id, allocated from 1 by the store.
pub type TicketId = u64;

/// Ticket urgency. `P1` is the most urgent; the derived order sorts P1 first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P4];

    /// One level more urgent, saturating at P1.
    pub fn bumped(self) -> Priority {
        match self {
            Priority::P1 | Priority::P2 => Priority::P1,
            Priority::P3 => Priority::P2,
            Priority::P4 => Priority::P3,
        }
    }

    /// 1 for P1 .. 4 for P4.
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    pub fn as_str(self) -> &'static str {
        ["P1", "P2", "P3", "P4"][self as usize]
    }

    /// Parses the synonyms of the SPEC: `P1`, `1`, `urgent`, `critical`, `紧急`,
    /// `high`, `加急`, `高`, `normal`, `medium`, `普通`, `中`, `low`, `低`, and the
    /// ServiceNow style `1 - Critical`. Case and surrounding space are ignored.
    pub fn parse(input: &str) -> Option<Priority> {
        let text = input.trim().to_lowercase();
        // "1 - Critical", "2-High": the leading digit decides.
        if let Some(first) = text.chars().next() {
            if first.is_ascii_digit() && text.len() > 1 {
                let rest = text[1..].trim_start();
                if rest.starts_with('-') || rest.starts_with(':') || rest.starts_with('.') {
                    return Priority::parse(&first.to_string());
                }
            }
        }
        let p = match text.as_str() {
            "p1" | "1" | "urgent" | "critical" | "highest" | "blocker" | "紧急" | "特急"
            | "非常紧急" => Priority::P1,
            "p2" | "2" | "high" | "major" | "加急" | "高" | "较高" | "重要" => Priority::P2,
            "p3" | "3" | "normal" | "medium" | "moderate" | "普通" | "中" | "一般" | "正常" => {
                Priority::P3
            }
            "p4" | "4" | "low" | "lowest" | "minor" | "planning" | "低" | "较低" => Priority::P4,
            _ => return None,
        };
        Some(p)
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Priority::parse(s).ok_or_else(|| {
            format!("unknown priority {s:?}: expected P1..P4, urgent/high/normal/low or 紧急/高/普通/低")
        })
    }
}

/// Where a ticket stands in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Assigned,
    Open,
    Pending,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Assigned,
        Status::Open,
        Status::Pending,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Assigned => "assigned",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    /// Not yet resolved or closed: counts in the backlog and in agents' load.
    pub fn is_active(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }

    /// Parses English and Chinese synonyms (`in progress`, `处理中`, `待客户反馈`, ...).
    pub fn parse(input: &str) -> Option<Status> {
        let text = input.trim().to_lowercase().replace(['-', '_'], " ");
        let s = match text.as_str() {
            "new" | "unassigned" | "待处理" | "新建" | "新" | "未分配" | "待分配" => {
                Status::New
            }
            "assigned" | "已分配" | "已指派" => Status::Assigned,
            "open" | "in progress" | "work in progress" | "active" | "处理中" | "进行中"
            | "已受理" => Status::Open,
            "pending" | "on hold" | "waiting" | "awaiting customer" | "待客户反馈" | "挂起"
            | "等待客户" | "待反馈" => Status::Pending,
            "resolved" | "solved" | "fixed" | "done" | "已解决" | "已完成" | "完成" => {
                Status::Resolved
            }
            "closed" | "cancelled" | "canceled" | "已关闭" | "关闭" => Status::Closed,
            _ => return None,
        };
        Some(s)
    }

    /// Whether the lifecycle allows moving from `self` to `to` directly.
    ///
    /// `new → assigned → open ⇄ pending → resolved → closed`; reopen takes
    /// resolved or closed back to open. Resolving straight from new or
    /// assigned is allowed (a ticket answered by a knowledge article), and
    /// an assigned or open ticket may go back to `new` when it is handed
    /// back unassigned.
    pub fn can_move_to(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (New, Assigned)
                | (New, Open)
                | (New, Pending)
                | (New, Resolved)
                | (New, Closed)
                | (Assigned, New)
                | (Assigned, Open)
                | (Assigned, Pending)
                | (Assigned, Resolved)
                | (Assigned, Closed)
                | (Open, New)
                | (Open, Assigned)
                | (Open, Pending)
                | (Open, Resolved)
                | (Open, Closed)
                | (Pending, Open)
                | (Pending, Assigned)
                | (Pending, Resolved)
                | (Pending, Closed)
                | (Resolved, Closed)
                | (Resolved, Open)
                | (Closed, Open)
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::parse(s).ok_or_else(|| {
            format!(
                "unknown status {s:?}: expected new, assigned, open, pending, resolved or closed"
            )
        })
    }
}

/// Who filed the ticket.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Customer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

impl Customer {
    /// The best human label: name, else email, else phone, else id.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.email.as_deref())
            .or(self.phone.as_deref())
            .or(self.id.as_deref())
            .unwrap_or("")
    }
}

/// A span of time during which the SLA clock was paused. `end` is `None`
/// while the pause is still running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
}

/// The SLA bookkeeping kept on a ticket. The pause intervals are the audit
/// log's pause/resume events folded onto the ticket, so the SLA engine can
/// evaluate a ticket without reading its history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaState {
    /// Name of the policy that matched, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_due: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_due: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// Met (`true`) or missed, recorded when the ticket was responded to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_met: Option<bool>,
    /// Met or missed, recorded when the ticket was resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_met: Option<bool>,
    /// Highest escalation rung fired, per target name (`first_response`,
    /// `resolution`, `step`, ...). Rungs are numbered from 1.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub escalation: BTreeMap<String, u32>,
}

/// Total time of `pauses` up to `now` (an open pause counts up to `now`).
pub fn paused_secs(pauses: &[Pause], now: DateTime<Utc>) -> i64 {
    pauses
        .iter()
        .map(|p| (p.end.unwrap_or(now) - p.start).num_seconds().max(0))
        .sum()
}

impl SlaState {
    /// Total paused time up to `now` (an open pause counts up to `now`).
    pub fn paused_secs(&self, now: DateTime<Utc>) -> i64 {
        paused_secs(&self.pauses, now)
    }

    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.end.is_none())
    }
}

/// Another ticket or channel folded into this one by dedup or `merge`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedFrom {
    pub at: DateTime<Utc>,
    pub channel: String,
    /// The ticket id that was merged in, when it was a stored ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// Progress of a ticket through a cross-team flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowState {
    pub name: String,
    /// Index of the current step; equal to the step count once completed.
    pub step: usize,
    pub step_started_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_due: Option<DateTime<Utc>>,
    #[serde(default)]
    pub completed: bool,
}

/// A support ticket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub customer: Customer,
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub priority: Priority,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub kb: Vec<String>,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub sla: SlaState,
    #[serde(default)]
    pub reassignments: u32,
    #[serde(default)]
    pub reopens: u32,
    /// How many times the same source + external id was sent again.
    #[serde(default)]
    pub repeats: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergedFrom>,
    /// Set when this ticket was merged into another one (and closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<TicketId>,
    /// Customer satisfaction, 1..=5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowState>,
    /// Number of events in the ticket's audit log; the store numbers the
    /// next event from it inside the same transaction as the ticket.
    #[serde(default)]
    pub history_len: u32,
    /// Digest of the import row last applied to the ticket (its cells and
    /// the column mapping), so re-importing an unchanged row is recognised
    /// from the index alone. A cache: not exported, not in backups.
    #[serde(skip)]
    pub import_digest: Option<u64>,
}

impl Ticket {
    /// A fresh ticket in status `new` with everything else empty.
    pub fn new(title: impl Into<String>, created_at: DateTime<Utc>) -> Ticket {
        Ticket {
            id: 0,
            source: None,
            external_id: None,
            title: title.into(),
            body: String::new(),
            customer: Customer::default(),
            channel: "api".to_string(),
            category: None,
            priority: Priority::P3,
            skills: Vec::new(),
            tags: Vec::new(),
            team: None,
            assignee: None,
            fields: BTreeMap::new(),
            kb: Vec::new(),
            status: Status::New,
            created_at,
            assigned_at: None,
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            updated_at: created_at,
            sla: SlaState::default(),
            reassignments: 0,
            reopens: 0,
            repeats: 0,
            merged: Vec::new(),
            merged_into: None,
            csat: None,
            flow: None,
            history_len: 0,
            import_digest: None,
        }
    }

    /// Adds a tag unless it is already there; returns whether it was added.
    pub fn add_tag(&mut self, tag: &str) -> bool {
        if self.tags.iter().any(|t| t == tag) {
            false
        } else {
            self.tags.push(tag.to_string());
            true
        }
    }
}

/// What an audit event records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Imported,
    /// The same source + external id was sent again.
    Repeated,
    Status,
    Assigned,
    Unassigned,
    /// An agent response. `to` is empty for a live one; an import writes
    /// how many responses the event stands for when its export counts the
    /// replies (the first response "1", the undated rest their number).
    Responded,
    Priority,
    Team,
    Category,
    Tags,
    Field,
    Note,
    Merged,
    MergedInto,
    Csat,
    Policy,
    Due,
    Escalated,
    Notified,
    NotifyFailed,
    Deleted,
    Restored,
    Flow,
    Update,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Imported => "imported",
            EventKind::Repeated => "repeated",
            EventKind::Status => "status",
            EventKind::Assigned => "assigned",
            EventKind::Unassigned => "unassigned",
            EventKind::Responded => "responded",
            EventKind::Priority => "priority",
            EventKind::Team => "team",
            EventKind::Category => "category",
            EventKind::Tags => "tags",
            EventKind::Field => "field",
            EventKind::Note => "note",
            EventKind::Merged => "merged",
            EventKind::MergedInto => "merged_into",
            EventKind::Csat => "csat",
            EventKind::Policy => "policy",
            EventKind::Due => "due",
            EventKind::Escalated => "escalated",
            EventKind::Notified => "notified",
            EventKind::NotifyFailed => "notify_failed",
            EventKind::Deleted => "deleted",
            EventKind::Restored => "restored",
            EventKind::Flow => "flow",
            EventKind::Update => "update",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a ticket's append-only audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub ticket: TicketId,
    /// Position in the ticket's log, from 1 without gaps.
    pub seq: u32,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An event before the store gives it its ticket id and sequence number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: EventKind,
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: Option<String>,
}

impl NewEvent {
    pub fn new(at: DateTime<Utc>, actor: &str, kind: EventKind) -> NewEvent {
        NewEvent {
            at,
            actor: actor.to_string(),
            kind,
            from: None,
            to: None,
            note: None,
        }
    }

    pub fn change(mut self, from: Option<impl ToString>, to: Option<impl ToString>) -> NewEvent {
        self.from = from.map(|v| v.to_string());
        self.to = to.map(|v| v.to_string());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> NewEvent {
        self.note = Some(note.into());
        self
    }

    pub fn into_event(self, ticket: TicketId, seq: u32) -> Event {
        Event {
            ticket,
            seq,
            at: self.at,
            actor: self.actor,
            kind: self.kind,
            from: self.from,
            to: self.to,
            note: self.note,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_synonyms_in_english_and_chinese() {
        for (text, want) in [
            ("urgent", Priority::P1),
            ("Critical", Priority::P1),
            ("紧急", Priority::P1),
            ("1 - Critical", Priority::P1),
            ("high", Priority::P2),
            ("加急", Priority::P2),
            ("高", Priority::P2),
            ("2 - High", Priority::P2),
            ("normal", Priority::P3),
            ("medium", Priority::P3),
            ("普通", Priority::P3),
            ("中", Priority::P3),
            ("3 - Moderate", Priority::P3),
            ("low", Priority::P4),
            ("低", Priority::P4),
            (" p4 ", Priority::P4),
        ] {
            assert_eq!(Priority::parse(text), Some(want), "{text}");
        }
        assert_eq!(Priority::parse("whenever"), None);
        assert_eq!(Priority::parse(""), None);
        assert_eq!(Priority::parse("9 - Bogus"), None);
    }

    #[test]
    fn status_synonyms() {
        assert_eq!(Status::parse("In Progress"), Some(Status::Open));
        assert_eq!(Status::parse("待客户反馈"), Some(Status::Pending));
        assert_eq!(Status::parse("已解决"), Some(Status::Resolved));
        assert_eq!(Status::parse("on-hold"), Some(Status::Pending));
        assert_eq!(Status::parse("nonsense"), None);
    }

    #[test]
    fn lifecycle_refuses_illegal_moves() {
        assert!(Status::New.can_move_to(Status::Assigned));
        assert!(Status::Open.can_move_to(Status::Pending));
        assert!(Status::Pending.can_move_to(Status::Open));
        assert!(Status::Resolved.can_move_to(Status::Open));
        assert!(Status::Closed.can_move_to(Status::Open));
        assert!(!Status::Closed.can_move_to(Status::Resolved));
        assert!(!Status::Closed.can_move_to(Status::Pending));
        assert!(!Status::Resolved.can_move_to(Status::Pending));
        for s in Status::ALL {
            assert!(!s.can_move_to(s), "{s} to itself");
        }
    }

    #[test]
    fn bump_saturates_at_p1() {
        assert_eq!(Priority::P4.bumped(), Priority::P3);
        assert_eq!(Priority::P1.bumped(), Priority::P1);
        assert!(Priority::P1 < Priority::P4);
    }
}
