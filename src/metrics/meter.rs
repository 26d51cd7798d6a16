//! Business time measured by table lookups.
//!
//! A report measures a few million spans (first response, resolution,
//! handle time, work) in a handful of calendars. A calendar's business
//! time is additive (`elapsed(a, b) + elapsed(b, c) == elapsed(a, c)`,
//! counted in whole seconds), so over the report's span a [`Meter`] keeps
//! the business seconds from its start to every [`STEP`] boundary, and a
//! span costs two lookups: `W(end) - W(start)`, where `W(t)` is the sum up
//! to the step holding `t`, plus the part of that step up to `t`. A step
//! that is all working time or all closed needs no calendar; a step that a
//! working interval starts or ends inside (09:30, a zone change, a holiday
//! boundary off the step) asks the calendar for that part, and so does a
//! time outside the span. The answer is the calendar's, to the nanosecond:
//! the fraction of a second at either end counts when its second is
//! working time.

use chrono::{DateTime, Utc};

use crate::duration::{Duration, NANOS_PER_SEC};
use crate::sla::calendar::nanos_of;
use crate::sla::Calendar;

/// Table resolution, in seconds: working intervals and zone offsets fall
/// on quarter hours almost everywhere.
const STEP: i64 = 900;
/// At most this many steps (about 30 years) are summed; older times are
/// measured by the calendar itself.
const MAX_STEPS: i64 = 1 << 20;

/// A calendar, with its business time summed ahead over a span.
pub(crate) struct Meter<'r> {
    calendar: &'r Calendar,
    /// The calendar counts every second.
    always: bool,
    /// Unix seconds of the first step boundary.
    origin: i64,
    /// `sums[k]`: business seconds from `origin` to `origin + k × STEP`.
    sums: Vec<i64>,
}

impl<'r> Meter<'r> {
    /// A meter that asks the calendar for every span.
    pub(crate) fn plain(calendar: &'r Calendar) -> Meter<'r> {
        Meter {
            calendar,
            always: calendar.is_always(),
            origin: 0,
            sums: Vec::new(),
        }
    }

    /// A meter with the business time of `[from, to]` summed ahead.
    pub(crate) fn over(calendar: &'r Calendar, from: i64, to: i64) -> Meter<'r> {
        let mut meter = Meter::plain(calendar);
        if meter.always || to < from {
            return meter;
        }
        let last = to.div_euclid(STEP) + 1;
        let first = from.div_euclid(STEP).max(last - MAX_STEPS);
        meter.origin = first * STEP;
        meter.sums.reserve((last - first + 1) as usize);
        meter.sums.push(0);
        let mut sum = 0;
        for k in first..last {
            sum += meter.calendar_secs(k * STEP, (k + 1) * STEP);
            meter.sums.push(sum);
        }
        meter
    }

    pub(crate) fn calendar(&self) -> &'r Calendar {
        self.calendar
    }

    /// `calendar.elapsed(start, end, &[])`: business time in `[start,
    /// end)`, exact to the nanosecond; zero unless `end > start`.
    pub(crate) fn time(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Duration {
        if end <= start {
            return Duration::ZERO;
        }
        if self.always {
            return Duration::from_nanos(nanos_of(end) - nanos_of(start));
        }
        match (self.sum_to(start), self.sum_to(end)) {
            (Some(a), Some(b)) => Duration::from_nanos(b - a),
            _ => self.calendar.elapsed(start, end, &[]),
        }
    }

    /// Business nanoseconds from `origin` to `t`, if `t` is within the
    /// table: the whole seconds by lookup, and the fraction of `t`'s own
    /// second if that second is working time (working time starts and ends
    /// on whole seconds).
    fn sum_to(&self, t: DateTime<Utc>) -> Option<i128> {
        let offset = t.timestamp().checked_sub(self.origin)?;
        if offset < 0 {
            return None;
        }
        let k = usize::try_from(offset / STEP).ok()?;
        let (&before, &after) = (self.sums.get(k)?, self.sums.get(k + 1)?);
        let into = offset % STEP;
        let fraction = i128::from(t.timestamp_subsec_nanos());
        let (secs, fraction) = match after - before {
            0 => (0, 0),
            STEP => (into, fraction),
            _ => {
                let step = self.origin + k as i64 * STEP;
                let working = fraction > 0 && self.calendar.is_working(t);
                (
                    self.calendar_secs(step, step + into),
                    if working { fraction } else { 0 },
                )
            }
        };
        Some(i128::from(before + secs) * NANOS_PER_SEC + fraction)
    }

    /// Business seconds in `[from, to)` (whole Unix seconds), from the calendar.
    fn calendar_secs(&self, from: i64, to: i64) -> i64 {
        match (
            DateTime::from_timestamp(from, 0),
            DateTime::from_timestamp(to, 0),
        ) {
            (Some(a), Some(b)) => self.calendar.elapsed(a, b, &[]).secs(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{CalendarRef, Rules};

    const RULES: &str = r#"
timezone: Europe/Berlin
calendars:
  office:
    hours:
      weekdays: ["09:30-12:00", "13:00-18:10"]
      sat: ["10:00-14:00"]
    holidays: [2026-03-27]
  night:
    timezone: Asia/Kathmandu
    hours:
      mon: ["22:00-06:00"]
      tue: ["22:00-06:00"]
"#;

    #[test]
    fn lookups_equal_the_calendar_to_the_nanosecond() {
        let rules = Rules::parse(RULES, "meter.yaml").unwrap();
        // 20 March to 10 April 2026: Berlin moves its clocks on 29 March.
        let from = 1_773_964_800;
        let to = from + 21 * 86_400;
        let mut seed = 11u64;
        let mut next = |n: i64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 20) as i64 % n
        };
        for name in ["office", "night", "24x7"] {
            let calendar = rules.calendar_or_always(Some(&CalendarRef(name.to_string())));
            // Summed over the middle of the period: spans start or end
            // outside it too.
            let meter = Meter::over(calendar, from + 3 * 86_400, to - 3 * 86_400);
            for _ in 0..20_000 {
                let start = from + next(to - from);
                // Some spans shorter than a second or a few seconds long.
                let end = match next(4) {
                    0 => start + next(3),
                    _ => from + next(to - from),
                };
                let at = |secs, nanos: i64| DateTime::from_timestamp(secs, nanos as u32).unwrap();
                let a = at(start, next(1_000_000_000));
                let b = at(end, next(1_000_000_000));
                assert_eq!(
                    meter.time(a, b),
                    calendar.elapsed(a, b, &[]),
                    "{name}: {a} to {b}"
                );
            }
        }
    }
}
