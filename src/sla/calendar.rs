//! Business calendars: working intervals per weekday in an IANA zone,
//! holidays, and the built-in 24x7 calendar. `due` and `elapsed` count
//! business time and skip pause intervals.
//!
//! PLACEHOLDER: only 24x7 arithmetic is implemented; business calendars
//! are being written (issue 4).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::duration::Duration;
use crate::model::Pause;
use crate::rules::CalendarSpec;

/// A compiled calendar.
#[derive(Clone, Debug)]
pub struct Calendar {
    always: bool,
    #[allow(dead_code)]
    zone: Tz,
}

impl Calendar {
    /// The built-in calendar in which every hour counts.
    pub fn always() -> Calendar {
        Calendar {
            always: true,
            zone: chrono_tz::UTC,
        }
    }

    /// Compiles a calendar from the rule file; `default_zone` applies when
    /// the calendar names none. Errors say what is wrong (no working hours,
    /// overlapping intervals).
    pub fn from_spec(spec: &CalendarSpec, default_zone: Tz) -> Result<Calendar, String> {
        let zone = spec.timezone.map(|z| z.0).unwrap_or(default_zone);
        Ok(Calendar {
            always: false,
            zone,
        })
    }

    pub fn is_always(&self) -> bool {
        self.always
    }

    /// The instant at which `target` of business time has passed since
    /// `start`, not counting time inside `pauses`. `None` when the target
    /// cannot be reached: a pause without an end stops the clock for good,
    /// or the calendar has no working time left.
    pub fn due(
        &self,
        start: DateTime<Utc>,
        target: Duration,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        if pauses.iter().any(|p| p.end.is_none()) {
            return None;
        }
        let mut sorted: Vec<&Pause> = pauses.iter().collect();
        sorted.sort_by_key(|p| p.start);
        let mut t = start;
        let mut remaining = target.to_chrono();
        for p in sorted {
            let end = p.end.expect("checked above");
            if end <= t {
                continue;
            }
            if p.start > t {
                let run = p.start - t;
                if run >= remaining {
                    return Some(t + remaining);
                }
                remaining -= run;
            }
            t = end;
        }
        Some(t + remaining)
    }

    /// Business time between `start` and `end`, minus time inside `pauses`.
    /// Zero when `end` is before `start`.
    pub fn elapsed(&self, start: DateTime<Utc>, end: DateTime<Utc>, pauses: &[Pause]) -> Duration {
        if end <= start {
            return Duration::ZERO;
        }
        let mut total = (end - start).num_seconds();
        let mut sorted: Vec<(DateTime<Utc>, DateTime<Utc>)> = pauses
            .iter()
            .map(|p| (p.start.max(start), p.end.unwrap_or(end).min(end)))
            .filter(|(a, b)| b > a)
            .collect();
        sorted.sort();
        let mut covered_to = start;
        for (a, b) in sorted {
            let a = a.max(covered_to);
            if b > a {
                total -= (b - a).num_seconds();
                covered_to = b;
            }
        }
        Duration::from_secs(total)
    }

    /// Whether `at` falls inside working hours.
    pub fn is_working(&self, at: DateTime<Utc>) -> bool {
        let _ = at;
        true
    }
}
