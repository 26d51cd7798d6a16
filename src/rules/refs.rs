//! Names that one part of the rule file declares and another refers to.
//!
//! The file is read twice. The first pass collects the declared agents,
//! teams, calendars and flows; the second pass reads the file again with
//! those names installed here, so that a reference to an unknown name (or a
//! second declaration of the same name) fails inside the YAML parser, which
//! then reports the exact line and column of the offending value.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Deserializer};

/// Names declared in the file, and those declared so far in this pass.
#[derive(Debug, Default)]
pub(crate) struct Known {
    pub agents: HashSet<String>,
    pub teams: HashSet<String>,
    pub calendars: HashSet<String>,
    pub flows: HashSet<String>,
    pub(crate) seen_agents: HashSet<String>,
    pub(crate) seen_teams: HashSet<String>,
    pub(crate) seen_flows: HashSet<String>,
}

thread_local! {
    static KNOWN: RefCell<Option<Known>> = const { RefCell::new(None) };
}

/// Runs `f` with the declared names installed, so references are checked.
pub(crate) fn with_known<T>(known: Known, f: impl FnOnce() -> T) -> T {
    KNOWN.with(|k| *k.borrow_mut() = Some(known));
    let out = f();
    KNOWN.with(|k| *k.borrow_mut() = None);
    out
}

fn check(
    kind: &str,
    name: &str,
    expected: &str,
    pick: fn(&Known) -> &HashSet<String>,
) -> Result<(), String> {
    KNOWN.with(|k| match &*k.borrow() {
        Some(known) if !pick(known).contains(name) => {
            let mut names: Vec<&String> = pick(known).iter().collect();
            names.sort();
            let list = names
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let choices = if list.is_empty() {
                format!("no {kind}s are declared")
            } else {
                format!("declared: {list}")
            };
            Err(format!("unknown {kind} {name:?}: {expected} ({choices})"))
        }
        _ => Ok(()),
    })
}

fn declare(
    kind: &str,
    name: &str,
    pick: fn(&mut Known) -> &mut HashSet<String>,
) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(format!("empty {kind} id"));
    }
    KNOWN.with(|k| {
        if let Some(known) = &mut *k.borrow_mut() {
            if !pick(known).insert(name.to_string()) {
                return Err(format!(
                    "duplicate {kind} id {name:?}: each {kind} must be declared once"
                ));
            }
        }
        Ok(())
    })
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, $body:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let check: fn(&str) -> Result<(), String> = $body;
                super::schema::parse_scalar(d, |text| check(text).map(|()| $name(text.to_string())))
            }
        }
    };
}

name_type!(
    /// An agent's own id, where the agent is declared.
    AgentId,
    |n| declare("agent", n, |k| &mut k.seen_agents)
);
name_type!(
    /// A team's own id, where the team is declared.
    TeamId,
    |n| declare("team", n, |k| &mut k.seen_teams)
);
name_type!(
    /// A flow's own name, where the flow is declared.
    FlowId,
    |n| declare("flow", n, |k| &mut k.seen_flows)
);
name_type!(
    /// A reference to an agent declared under `agents`.
    AgentRef,
    |n| check("agent", n, "expected an agent id from `agents`", |k| &k.agents)
);
name_type!(
    /// A reference to a team declared under `teams`.
    TeamRef,
    |n| check("team", n, "expected a team id from `teams`", |k| &k.teams)
);
name_type!(
    /// A reference to a flow declared under `flows`.
    FlowRef,
    |n| check("flow", n, "expected a flow name from `flows`", |k| &k.flows)
);
name_type!(
    /// A reference to a calendar under `calendars`, or the built-in `24x7`.
    CalendarRef,
    |n| if n == crate::rules::ALWAYS_CALENDAR {
        Ok(())
    } else {
        check("calendar", n, "expected a calendar from `calendars` or 24x7", |k| &k.calendars)
    }
);

impl AgentRef {
    /// Checks an agent id found inside another value (`notify: alice`).
    pub(crate) fn checked(name: String, expected: &str) -> Result<AgentRef, String> {
        check("agent", &name, expected, |k| &k.agents)?;
        Ok(AgentRef(name))
    }
}
