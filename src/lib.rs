//! triage: customer-service ticket routing from the command line.
//!
//! The pure core ([`model`], [`rules`], [`sla`], [`lifecycle`], [`intake`])
//! takes values and returns values; the edges ([`store`], [`output`],
//! [`commands`]) do the I/O. The simulator calls the same routing and SLA
//! code as the live commands.

pub mod backup;
pub mod cli;
pub mod commands;
pub mod csv_safety;
pub mod dispatch;
pub mod duration;
pub mod error;
pub mod escalation;
pub mod flows;
pub mod html;
pub mod import;
pub mod intake;
pub mod lifecycle;
pub mod metrics;
pub mod model;
pub mod notify;
pub mod outfile;
pub mod output;
pub mod progress;
pub mod roster;
pub mod routing;
pub mod rules;
pub mod sim;
pub mod sla;
pub mod store;
pub mod summary;
pub mod terminal;
pub mod timefmt;
pub mod yaml_limits;
