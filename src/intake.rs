//! Turning a request into a routed-ready ticket: the ticket a request
//! describes ([`build_ticket`]), then extraction, classification, SLA policy
//! and due times, knowledge links ([`prepare`]). Shared by `create`,
//! `import` and `rules test`, so a ticket is treated alike whichever way it
//! arrives. Pure: no I/O.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::model::{Customer, Priority, Ticket};
use crate::rules::classify::{self, Classification};
use crate::rules::Rules;
use crate::sla;

/// Runs extract → classify → SLA → knowledge on a new ticket. `explicit`
/// names the fields the sender set (`category`, `priority`, `team`), which
/// classification keeps.
pub fn prepare(
    rules: &Rules,
    ticket: &mut Ticket,
    explicit: &[&str],
    at: DateTime<Utc>,
    actor: &str,
) -> Classification {
    classify::extract(rules, ticket);
    let classification = classify::classify(rules, ticket, explicit);
    // The policy is set silently on a new ticket: the creation event says it all.
    let _ = sla::refresh(rules, ticket, at, actor);
    for article in classify::knowledge_links(rules, ticket) {
        if !ticket.kb.contains(&article) {
            ticket.kb.push(article);
        }
    }
    classification
}

/// The JSON object `--json-input` reads. Unknown keys are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTicket {
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    customer: Option<JsonCustomer>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    tier: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
}

/// `"customer": "Ann"` or `"customer": {"name": ..., "email": ...}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JsonCustomer {
    Name(String),
    Full(Customer),
}

/// A ticket request after flags, JSON or an import row were read, before
/// the rules run.
#[derive(Debug, Default)]
pub struct Request {
    pub title: String,
    pub body: String,
    pub customer: Customer,
    pub channel: Option<String>,
    pub category: Option<String>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
    pub skills: Vec<String>,
    pub team: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub source: Option<String>,
    pub external_id: Option<String>,
    pub no_dedup: bool,
}

/// A priority named at `place`, or a message saying what was expected there.
pub fn parse_priority(text: &str, place: &str) -> Result<Priority, String> {
    text.parse::<Priority>()
        .map_err(|e| format!("{place}: {e}"))
}

/// The request a JSON ticket object describes (`create --json-input`,
/// `rules test` cases); the error names the line and column.
pub fn request_from_json(text: &str) -> Result<Request, String> {
    let json: JsonTicket = serde_json::from_str(text).map_err(|e| {
        format!(
            "stdin (JSON ticket) line {} column {}: {}",
            e.line(),
            e.column(),
            e.to_string().split(" at line ").next().unwrap_or_default()
        )
    })?;
    let mut customer = match json.customer {
        Some(JsonCustomer::Full(c)) => c,
        Some(JsonCustomer::Name(name)) => Customer {
            name: Some(name),
            ..Customer::default()
        },
        None => Customer::default(),
    };
    customer.email = customer.email.or(json.email);
    customer.phone = customer.phone.or(json.phone);
    customer.tier = customer.tier.or(json.tier);
    Ok(Request {
        title: json.title.unwrap_or_default(),
        body: json.body.unwrap_or_default(),
        customer,
        channel: json.channel,
        category: json.category,
        priority: json
            .priority
            .as_deref()
            .map(|p| parse_priority(p, "stdin (JSON ticket) field priority"))
            .transpose()?,
        tags: json.tags,
        skills: json.skills,
        team: json.team,
        fields: json.fields,
        source: json.source,
        external_id: json.external_id,
        no_dedup: false,
    })
}

/// Builds the ticket a request describes (status new, not yet stored).
pub fn build_ticket(request: &Request, now: DateTime<Utc>) -> (Ticket, Vec<&'static str>) {
    let copy = Request {
        title: request.title.clone(),
        body: request.body.clone(),
        customer: request.customer.clone(),
        channel: request.channel.clone(),
        category: request.category.clone(),
        priority: request.priority,
        tags: request.tags.clone(),
        skills: request.skills.clone(),
        team: request.team.clone(),
        fields: request.fields.clone(),
        source: request.source.clone(),
        external_id: request.external_id.clone(),
        no_dedup: request.no_dedup,
    };
    into_ticket(copy, now)
}

/// [`build_ticket`] taking the request (nothing is copied).
pub fn into_ticket(request: Request, now: DateTime<Utc>) -> (Ticket, Vec<&'static str>) {
    let mut explicit = Vec::new();
    if request.category.is_some() {
        explicit.push("category");
    }
    if request.priority.is_some() {
        explicit.push("priority");
    }
    if request.team.is_some() {
        explicit.push("team");
    }
    let title = match request.title.trim() {
        t if t.len() == request.title.len() => request.title,
        t => t.to_string(),
    };
    let mut ticket = Ticket::new(title, now);
    ticket.body = request.body;
    ticket.customer = request.customer;
    ticket.channel = request.channel.unwrap_or_else(|| "api".to_string());
    ticket.category = request.category;
    ticket.priority = request.priority.unwrap_or(Priority::P3);
    ticket.skills = request.skills;
    for tag in &request.tags {
        ticket.add_tag(tag);
    }
    ticket.team = request.team;
    ticket.fields = request.fields;
    ticket.source = request.source;
    ticket.external_id = request.external_id;
    (ticket, explicit)
}
