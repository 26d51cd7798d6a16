//! triage: customer-service ticket routing from the command line.
//!
//! The pure core ([`model`], [`rules`], [`sla`], [`routing`]) takes values and
//! returns values; the edges (`store`, `import`, `output`, `commands`) do the
//! I/O. The simulator calls the same routing and SLA code as the live
//! commands.

pub mod duration;
pub mod metrics;
pub mod model;
pub mod rules;
pub mod sla;
