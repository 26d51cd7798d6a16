//! Turning a raw ticket into a routed-ready one: extraction,
//! classification, SLA policy and due times, knowledge links. Shared by
//! `create`, `import` and `rules test`, so a ticket is treated alike
//! whichever way it arrives.

use chrono::{DateTime, Utc};

use crate::model::Ticket;
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
