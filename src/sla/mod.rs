//! The SLA engine: business calendars, policy selection, due times and
//! target states. Pure; shared by `create`, `escalate`, `report` and
//! `simulate`.

pub mod calendar;

pub use calendar::Calendar;
