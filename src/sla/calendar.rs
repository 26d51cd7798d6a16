//! Business calendars: working intervals per weekday in an IANA zone,
//! holidays, and the built-in 24x7 calendar. `due` and `elapsed` count
//! business time and skip pause intervals.
//!
//! # Semantics
//!
//! * **Working intervals** are local wall-clock times in the calendar's zone,
//!   any number per weekday. An interval whose end is before its start
//!   (`22:00-06:00`) belongs to the weekday it starts on and runs into the
//!   next day; `00:00-24:00` is a whole day. Intervals may touch
//!   (`09:00-12:00`, `12:00-13:00`) but not overlap, also not across midnight.
//! * **Holidays** are local dates. A holiday removes the intervals that
//!   *start* on that date, including the part of an overnight shift that
//!   runs into the next day; an overnight shift that starts the evening
//!   before a holiday still runs into it.
//! * **Real seconds.** Business time is counted in real (UTC) seconds. Each
//!   local interval becomes one real span: a local time that does not exist
//!   (spring-forward gap) maps to the first instant after the gap, an
//!   ambiguous one (fall back) to the earliest instant. So a 00:00-06:00
//!   shift lasts 5 real hours on the spring-forward night and 7 on the
//!   fall-back night in Europe/Berlin; an interval *ending* inside the
//!   repeated hour ends at its first occurrence.
//! * **Resolution.** Instants and business time are exact to the
//!   nanosecond: a start at 09:00:00.4 with a 30-minute target is due at
//!   09:30:00.4, and a response at 09:30:00.5 is 0.1 s late. Working
//!   intervals and zone changes fall on whole seconds, so whether time
//!   counts is decided per whole second; only the first and last second of
//!   a span are counted in part.
//! * **Pauses** do not count; they may overlap each other. An open pause
//!   (no end) stops the clock: `due` is `None`, and for `elapsed` the pause
//!   runs to the end of the measured span.
//! * **Consistency.** `due` returns the earliest instant at which the target
//!   is reached, and `elapsed(s, due(s, d)) == d` holds exactly, across DST
//!   changes, holidays and pauses. `due(s, 0)` is `s` itself, even outside
//!   working hours: no business time is owed, so nothing is due later.
//! * **Horizon.** `due` gives up (`None`) when the target would be reached
//!   more than 50 years after the start.
//!
//! Zone transitions come from chrono-tz, which lists them up to 2099 and
//! keeps the last offset afterwards.
//!
//! # Cost
//!
//! No stepping per hour or minute: a span is cut at zone transitions (about
//! two a year), and within a cut the local working time is summed per whole
//! week from a precomputed weekly total, with holidays subtracted through
//! prefix sums; only the partial first and last days look at intervals.
//! The transitions of a zone are found once per calendar and 365-day block
//! of time, lazily, and shared by clones. Apart from that one-time scan,
//! nothing allocates per call unless the pauses are out of order.

use std::fmt;
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::duration::{Duration, NANOS_PER_SEC};
use crate::model::Pause;
use crate::rules::{CalendarSpec, TimeRange};

const DAY: i64 = 86_400;
/// How far `due` looks for the target before calling it unreachable.
const HORIZON: i64 = 50 * 36_525 * DAY / 100;
/// Stands for "no end" in instant arithmetic; far beyond chrono's range, so
/// a result there converts to `None`, yet far from overflow.
const NEVER: i64 = i64::MAX / 4;
/// [`NEVER`] in nanoseconds.
const NEVER_NANOS: i128 = NEVER as i128 * NANOS_PER_SEC;
const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A compiled calendar. Cheap to clone: the compiled tables are shared.
#[derive(Clone, Debug)]
pub struct Calendar {
    clock: Clock,
}

#[derive(Clone, Debug)]
enum Clock {
    Always,
    Business(Arc<Business>),
}

impl Calendar {
    /// The built-in calendar in which every second counts (zone UTC).
    pub fn always() -> Calendar {
        Calendar {
            clock: Clock::Always,
        }
    }

    /// Compiles a calendar from the rule file; `default_zone` applies when
    /// the calendar names none. Errors say what is wrong (no working hours,
    /// an empty or overlapping interval, naming the day and both intervals)
    /// without the calendar's name, which the caller adds.
    pub fn from_spec(spec: &CalendarSpec, default_zone: Tz) -> Result<Calendar, String> {
        let zone = spec.timezone.map(|z| z.0).unwrap_or(default_zone);
        let business = Business::compile(spec, zone)?;
        Ok(Calendar {
            clock: Clock::Business(Arc::new(business)),
        })
    }

    /// True for the built-in 24x7 calendar.
    pub fn is_always(&self) -> bool {
        matches!(self.clock, Clock::Always)
    }

    /// The zone working hours are read in (UTC for 24x7).
    pub fn zone(&self) -> Tz {
        match &self.clock {
            Clock::Always => chrono_tz::UTC,
            Clock::Business(b) => b.zone.zone,
        }
    }

    /// The earliest instant at which `target` of business time has passed
    /// since `start`, not counting time inside `pauses`; `start` itself when
    /// `target` is zero. `None` when the target cannot be reached: a pause
    /// without an end stops the clock for good, or (business calendars) the
    /// target lies more than 50 years ahead. Monotonic in `start` and `target`;
    /// `elapsed(start, due(start, target)) == target`.
    pub fn due(
        &self,
        start: DateTime<Utc>,
        target: Duration,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        if pauses.iter().any(|p| p.end.is_none()) {
            return None;
        }
        if target.is_zero() {
            return Some(start);
        }
        let from = nanos_of(start);
        let limit = match self.clock {
            Clock::Always => NEVER_NANOS,
            Clock::Business(_) => from.saturating_add(i128::from(HORIZON) * NANOS_PER_SEC),
        };
        let need = target.as_nanos();
        let mut got = 0;
        let at = running(from, limit, pauses, NEVER_NANOS, |a, b| {
            match self.clock.advance(a, b, need - got) {
                Ok(at) => ControlFlow::Break(at),
                Err(counted) => {
                    got += counted;
                    ControlFlow::Continue(())
                }
            }
        })?;
        instant_of(at)
    }

    /// Business time between `start` and `end`, minus time inside `pauses`
    /// (a pause without an end lasts until `end`). Zero when `end` is not
    /// after `start`. Additive: `elapsed(a, b) + elapsed(b, c) ==
    /// elapsed(a, c)` for `a <= b <= c`.
    pub fn elapsed(&self, start: DateTime<Utc>, end: DateTime<Utc>, pauses: &[Pause]) -> Duration {
        if end <= start {
            return Duration::ZERO;
        }
        let (from, to) = (nanos_of(start), nanos_of(end));
        let mut total = 0;
        running(from, to, pauses, to, |a, b| {
            total += self.clock.work(a, b);
            ControlFlow::<()>::Continue(())
        });
        Duration::from_nanos(total)
    }

    /// Whether the second containing `at` is working time; always true for
    /// 24x7. Agrees with `elapsed`: the second counts iff this is true.
    pub fn is_working(&self, at: DateTime<Utc>) -> bool {
        match &self.clock {
            Clock::Always => true,
            Clock::Business(b) => b.is_working(at.timestamp()),
        }
    }

    /// The start of the first working second at or after the second
    /// containing `at`; `None` if there is none within 50 years.
    pub fn next_working(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.clock {
            Clock::Always => Some(at),
            Clock::Business(b) => {
                let from = at.timestamp();
                let end = b.advance(from, from.saturating_add(HORIZON), 1).ok()?;
                DateTime::from_timestamp(end - 1, 0)
            }
        }
    }
}

/// An instant as nanoseconds since the epoch: how the calendar (and the
/// report's business-time tables) count time.
pub fn nanos_of(t: DateTime<Utc>) -> i128 {
    i128::from(t.timestamp()) * NANOS_PER_SEC + i128::from(t.timestamp_subsec_nanos())
}

/// The instant `nanos` after the epoch, if chrono can hold it.
fn instant_of(nanos: i128) -> Option<DateTime<Utc>> {
    let secs = i64::try_from(nanos.div_euclid(NANOS_PER_SEC)).ok()?;
    DateTime::from_timestamp(secs, nanos.rem_euclid(NANOS_PER_SEC) as u32)
}

/// The whole second containing an instant in nanoseconds, and the
/// nanoseconds into it.
fn split_nanos(nanos: i128) -> (i64, i128) {
    let secs = nanos.div_euclid(NANOS_PER_SEC);
    (
        i64::try_from(secs).unwrap_or(if secs < 0 { i64::MIN } else { i64::MAX }),
        nanos.rem_euclid(NANOS_PER_SEC),
    )
}

impl Clock {
    /// Working nanoseconds in `[from, to)` (instants in nanoseconds).
    fn work(&self, from: i128, to: i128) -> i128 {
        match self {
            Clock::Always => (to - from).max(0),
            Clock::Business(b) => b.work_nanos(from, to),
        }
    }

    /// The instant at which `need` (> 0) working nanoseconds after `from`
    /// have passed, if that is at or before `to`; else the working
    /// nanoseconds in `[from, to)`.
    fn advance(&self, from: i128, to: i128, need: i128) -> Result<i128, i128> {
        match self {
            Clock::Always if to - from >= need => Ok(from + need),
            Clock::Always => Err((to - from).max(0)),
            Clock::Business(b) => b.advance_nanos(from, to, need),
        }
    }
}

/// Calls `f` on the parts of `[from, to)` outside every pause, in order,
/// until it breaks. A pause without an end runs until `open_end`. Instants
/// in nanoseconds.
fn running<B>(
    from: i128,
    to: i128,
    pauses: &[Pause],
    open_end: i128,
    f: impl FnMut(i128, i128) -> ControlFlow<B>,
) -> Option<B> {
    let span = |p: &Pause| {
        let end = p.end.map_or(open_end, nanos_of);
        (nanos_of(p.start), end)
    };
    // Pauses come from the audit log in order; sorting (and allocating) is
    // only for callers that built them otherwise.
    if pauses.windows(2).all(|w| w[0].start <= w[1].start) {
        running_sorted(from, to, pauses.iter().map(span), f)
    } else {
        let mut sorted: Vec<(i128, i128)> = pauses.iter().map(span).collect();
        sorted.sort_unstable();
        running_sorted(from, to, sorted.into_iter(), f)
    }
}

fn running_sorted<B>(
    from: i128,
    to: i128,
    pauses: impl Iterator<Item = (i128, i128)>,
    mut f: impl FnMut(i128, i128) -> ControlFlow<B>,
) -> Option<B> {
    let mut cursor = from;
    for (start, end) in pauses {
        if start >= to {
            break;
        }
        if end <= start || end <= cursor {
            continue;
        }
        if start > cursor {
            if let ControlFlow::Break(b) = f(cursor, start) {
                return Some(b);
            }
        }
        cursor = end;
        if cursor >= to {
            return None;
        }
    }
    match f(cursor, to) {
        ControlFlow::Break(b) => Some(b),
        ControlFlow::Continue(()) => None,
    }
}

/// One interval inside one local day, in seconds since local midnight.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: i64,
    end: i64,
    /// Carried over from the previous day's overnight interval, so it is
    /// removed when the previous day is a holiday.
    spill: bool,
}

/// A calendar with working hours. Local time is counted in seconds since
/// 1970-01-01 00:00 on the wall clock of the zone.
#[derive(Debug)]
struct Business {
    zone: Transitions,
    /// Per weekday, Monday first, sorted by start, within `0..=DAY`.
    days: [Box<[Span]>; 7],
    /// `run[w][k]`: working seconds of the `k` days starting on weekday `w`.
    run: [[i64; 8]; 7],
    week: i64,
    /// Local day numbers, sorted and unique.
    holidays: Box<[i64]>,
    /// Prefix sums over `holidays` of the seconds each one removes from its
    /// own day and from the day after it.
    own_loss: Box<[i64]>,
    spill_loss: Box<[i64]>,
}

/// How the instants of one stretch of time count.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// Working iff the wall-clock time (instant + offset) is working.
    Local(i64),
    /// The repeated hour after a fall-back: all working or none, see
    /// [`Business::piece`].
    Fixed(bool),
}

fn split(local: i64) -> (i64, i64) {
    (local.div_euclid(DAY), local.rem_euclid(DAY))
}

fn weekday(day: i64) -> usize {
    // Day 0, 1970-01-01, was a Thursday.
    (day + 3).rem_euclid(7) as usize
}

fn seconds(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight())
}

fn show_time(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

fn show_range(r: &TimeRange) -> String {
    let end = r.end.map_or_else(|| "24:00".to_string(), show_time);
    format!("{}-{end}", show_time(r.start))
}

impl Business {
    fn compile(spec: &CalendarSpec, zone: Tz) -> Result<Business, String> {
        let by_day = spec.hours.by_weekday();
        let hours = &spec.hours;
        let named = [
            hours.mon.is_some(),
            hours.tue.is_some(),
            hours.wed.is_some(),
            hours.thu.is_some(),
            hours.fri.is_some(),
            hours.sat.is_some(),
            hours.sun.is_some(),
        ];
        // Name the key the intervals were written under, so an overlap in
        // `weekdays` is not reported as if the user had written `mon`.
        let key = |w: usize| match (named[w], w < 5) {
            (true, _) => DAY_NAMES[w],
            (false, true) => "weekdays",
            (false, false) => "weekend",
        };

        // (start, end) with `end` past DAY for overnight intervals.
        let mut ranges: [Vec<(i64, i64, TimeRange)>; 7] = Default::default();
        for (w, list) in by_day.iter().enumerate() {
            for r in list {
                let start = seconds(r.start);
                let end = match r.end {
                    None => DAY,
                    Some(t) if seconds(t) < start => seconds(t) + DAY,
                    Some(t) => seconds(t),
                };
                if end == start {
                    return Err(format!(
                        "{} {} is empty: start and end are equal; use 00:00-24:00 for a whole day",
                        key(w),
                        show_range(r)
                    ));
                }
                ranges[w].push((start, end, *r));
            }
        }
        if ranges.iter().all(Vec::is_empty) {
            return Err("no working hours: give hours.weekdays, hours.weekend or a day such as hours.mon (the built-in 24x7 calendar counts every hour)".to_string());
        }

        for w in 0..7 {
            let prev = (w + 6) % 7;
            let mut items: Vec<(i64, i64, usize, TimeRange)> =
                ranges[w].iter().map(|&(s, e, r)| (s, e, w, r)).collect();
            items.extend(
                ranges[prev]
                    .iter()
                    .filter(|&&(_, e, _)| e > DAY)
                    .map(|&(s, e, r)| (s - DAY, e - DAY, prev, r)),
            );
            items.sort_by_key(|&(s, e, _, _)| (s, e));
            let mut reach: Option<(i64, usize, TimeRange)> = None;
            for &(start, end, day, r) in &items {
                if let Some((until, first_day, first)) = reach {
                    if start < until {
                        return Err(if first_day == day {
                            format!(
                                "{} {} overlaps {}",
                                key(day),
                                show_range(&first),
                                show_range(&r)
                            )
                        } else {
                            format!(
                                "{} {} runs past midnight and overlaps {} {}",
                                DAY_NAMES[first_day],
                                show_range(&first),
                                DAY_NAMES[day],
                                show_range(&r)
                            )
                        });
                    }
                }
                if reach.is_none_or(|(until, _, _)| end > until) {
                    reach = Some((end, day, r));
                }
            }
        }

        let mut days: [Vec<Span>; 7] = Default::default();
        for w in 0..7 {
            for &(start, end, _) in &ranges[w] {
                days[w].push(Span {
                    start,
                    end: end.min(DAY),
                    spill: false,
                });
                if end > DAY {
                    days[(w + 1) % 7].push(Span {
                        start: 0,
                        end: end - DAY,
                        spill: true,
                    });
                }
            }
        }
        let mut own = [0; 7];
        let mut spill = [0; 7];
        for (w, spans) in days.iter_mut().enumerate() {
            spans.sort_by_key(|s| s.start);
            for s in spans.iter() {
                if s.spill {
                    spill[w] += s.end - s.start;
                } else {
                    own[w] += s.end - s.start;
                }
            }
        }
        let mut run = [[0; 8]; 7];
        for (w, row) in run.iter_mut().enumerate() {
            for k in 0..7 {
                let d = (w + k) % 7;
                row[k + 1] = row[k] + own[d] + spill[d];
            }
        }
        let week = run[0][7];

        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        let mut holidays: Vec<i64> = spec
            .holidays
            .iter()
            .map(|h| (h.0 - epoch).num_days())
            .collect();
        holidays.sort_unstable();
        holidays.dedup();
        let mut own_loss = vec![0];
        let mut spill_loss = vec![0];
        for &h in &holidays {
            own_loss.push(own_loss.last().copied().unwrap_or(0) + own[weekday(h)]);
            spill_loss.push(spill_loss.last().copied().unwrap_or(0) + spill[weekday(h + 1)]);
        }

        Ok(Business {
            zone: Transitions::new(zone),
            days: days.map(Vec::into_boxed_slice),
            run,
            week,
            holidays: holidays.into_boxed_slice(),
            own_loss: own_loss.into_boxed_slice(),
            spill_loss: spill_loss.into_boxed_slice(),
        })
    }

    fn is_holiday(&self, day: i64) -> bool {
        !self.holidays.is_empty() && self.holidays.binary_search(&day).is_ok()
    }

    /// Walks the working spans of local `day` inside `[from, to)` (seconds of
    /// the day): the second of the day at which `need` working seconds are
    /// complete, or the working seconds found.
    fn in_day(&self, day: i64, from: i64, to: i64, need: i64) -> Result<i64, i64> {
        let own = !self.is_holiday(day);
        let spill = !self.is_holiday(day - 1);
        let mut got = 0;
        for s in self.days[weekday(day)].iter() {
            if !(if s.spill { spill } else { own }) {
                continue;
            }
            let (lo, hi) = (s.start.max(from), s.end.min(to));
            if lo < hi {
                if hi - lo >= need - got {
                    return Ok(lo + need - got);
                }
                got += hi - lo;
            }
        }
        Err(got)
    }

    fn partial(&self, day: i64, from: i64, to: i64) -> i64 {
        self.in_day(day, from, to, i64::MAX)
            .unwrap_or_else(|got| got)
    }

    /// Working seconds of the whole local days `first..last`.
    fn full_days(&self, first: i64, last: i64) -> i64 {
        let n = last - first;
        let mut total = n / 7 * self.week + self.run[weekday(first)][(n % 7) as usize];
        if !self.holidays.is_empty() {
            let at = |d: i64| self.holidays.partition_point(|&h| h < d);
            total -= self.own_loss[at(last)] - self.own_loss[at(first)];
            total -= self.spill_loss[at(last - 1)] - self.spill_loss[at(first - 1)];
        }
        total
    }

    /// Working seconds of local time `[from, to)`.
    fn local_work(&self, from: i64, to: i64) -> i64 {
        let (d1, s1) = split(from);
        let (d2, s2) = split(to);
        if d1 == d2 {
            return self.partial(d1, s1, s2);
        }
        self.partial(d1, s1, DAY) + self.full_days(d1 + 1, d2) + self.partial(d2, 0, s2)
    }

    /// Local-time version of [`Clock::advance`].
    fn local_advance(&self, from: i64, to: i64, need: i64) -> Result<i64, i64> {
        let (mut day, start) = split(from);
        let (last, end) = split(to);
        if day == last {
            return self.in_day(day, start, end, need).map(|s| day * DAY + s);
        }
        let mut got = match self.in_day(day, start, DAY, need) {
            Ok(s) => return Ok(day * DAY + s),
            Err(got) => got,
        };
        day += 1;
        while day < last {
            let left = need - got;
            // Whole weeks that cannot complete the target even without
            // holidays; the target is then met in a later day, never inside.
            let weeks = ((left - 1) / self.week).min((last - day) / 7);
            if weeks > 0 {
                got += self.full_days(day, day + 7 * weeks);
                day += 7 * weeks;
                continue;
            }
            match self.in_day(day, 0, DAY, left) {
                Ok(s) => return Ok(day * DAY + s),
                Err(more) => got += more,
            }
            day += 1;
        }
        match self.in_day(last, 0, end, need - got) {
            Ok(s) => Ok(last * DAY + s),
            Err(more) => Err(got + more),
        }
    }

    fn local_is_working(&self, local: i64) -> bool {
        let (day, s) = split(local);
        self.in_day(day, s, s + 1, 1).is_ok()
    }

    /// The stretch of constant [`Rule`] that begins at instant `at`: its end
    /// (at most `limit`) and rule.
    ///
    /// Between transitions an instant is working iff its wall-clock time is.
    /// That is exactly the interval-to-real-span mapping of the module doc
    /// except in the hour repeated after a fall-back: there, mapping each
    /// ambiguous local time to its earliest instant makes the whole repeated
    /// hour belong to whatever interval covers the last second before the
    /// clock went back.
    fn piece(&self, at: i64, limit: i64) -> (i64, Rule) {
        let block = self.zone.block(at);
        let list = block.list;
        let next = list.partition_point(|t| t.at <= at);
        let mut end = block.end.min(limit);
        if let Some(t) = list.get(next) {
            end = end.min(t.at);
        }
        match next.checked_sub(1).map(|i| list[i]) {
            Some(t) => {
                let back = t.before - t.after;
                if back > 0 && at < t.at + back {
                    let working = self.local_is_working(t.at + t.before - 1);
                    return (end.min(t.at + back), Rule::Fixed(working));
                }
                (end, Rule::Local(t.after))
            }
            None => (end, Rule::Local(block.base)),
        }
    }

    fn work(&self, from: i64, to: i64) -> i64 {
        let mut at = from;
        let mut total = 0;
        while at < to {
            let (end, rule) = self.piece(at, to);
            total += match rule {
                Rule::Local(offset) => self.local_work(at + offset, end + offset),
                Rule::Fixed(true) => end - at,
                Rule::Fixed(false) => 0,
            };
            at = end;
        }
        total
    }

    fn advance(&self, from: i64, to: i64, need: i64) -> Result<i64, i64> {
        let mut at = from;
        let mut got = 0;
        while at < to {
            let (end, rule) = self.piece(at, to);
            let left = need - got;
            let step = match rule {
                Rule::Local(offset) => self
                    .local_advance(at + offset, end + offset, left)
                    .map(|local| local - offset),
                Rule::Fixed(true) if end - at >= left => Ok(at + left),
                Rule::Fixed(true) => Err(end - at),
                Rule::Fixed(false) => Err(0),
            };
            match step {
                Ok(done) => return Ok(done),
                Err(more) => got += more,
            }
            at = end;
        }
        Err(got)
    }

    fn is_working(&self, at: i64) -> bool {
        match self.piece(at, at + 1).1 {
            Rule::Local(offset) => self.local_is_working(at + offset),
            Rule::Fixed(working) => working,
        }
    }

    /// [`Business::work`] for instants in nanoseconds. Working time starts
    /// and ends on whole seconds, so the whole seconds inside the span are
    /// counted as usual and the partial seconds at its ends by whether
    /// their second works.
    fn work_nanos(&self, from: i128, to: i128) -> i128 {
        if to <= from {
            return 0;
        }
        let (first, into_first) = split_nanos(from);
        let (last, into_last) = split_nanos(to);
        let part = |second: i64, nanos: i128| if self.is_working(second) { nanos } else { 0 };
        if first == last {
            return part(first, into_last - into_first);
        }
        let mut total = 0;
        let mut whole_from = first;
        if into_first > 0 {
            total += part(first, NANOS_PER_SEC - into_first);
            whole_from = first + 1;
        }
        total += i128::from(self.work(whole_from, last)) * NANOS_PER_SEC;
        if into_last > 0 {
            total += part(last, into_last);
        }
        total
    }

    /// [`Business::advance`] for instants and a need in nanoseconds.
    fn advance_nanos(&self, from: i128, to: i128, need: i128) -> Result<i128, i128> {
        if to <= from {
            return Err(0);
        }
        let (first, into_first) = split_nanos(from);
        let (last, into_last) = split_nanos(to);
        let part = |second: i64, nanos: i128| if self.is_working(second) { nanos } else { 0 };
        if first == last {
            let have = part(first, into_last - into_first);
            return if have >= need {
                Ok(from + need)
            } else {
                Err(have)
            };
        }
        let mut got = 0;
        let mut whole_from = first;
        if into_first > 0 {
            let have = part(first, NANOS_PER_SEC - into_first);
            if have >= need {
                return Ok(from + need);
            }
            got = have;
            whole_from = first + 1;
        }
        // The target is reached inside the k-th working second from here
        // (at its end when what is left is whole seconds).
        let left = need - got;
        let seconds = (left + NANOS_PER_SEC - 1) / NANOS_PER_SEC;
        match self.advance(whole_from, last, i64::try_from(seconds).unwrap_or(i64::MAX)) {
            Ok(end) => {
                return Ok(
                    i128::from(end - 1) * NANOS_PER_SEC + left - (seconds - 1) * NANOS_PER_SEC
                )
            }
            Err(counted) => got += i128::from(counted) * NANOS_PER_SEC,
        }
        if into_last > 0 {
            let have = part(last, into_last);
            let left = need - got;
            if have >= left {
                return Ok(i128::from(last) * NANOS_PER_SEC + left);
            }
            got += have;
        }
        Err(got)
    }
}

/// A change of a zone's UTC offset (seconds east of UTC).
#[derive(Clone, Copy, Debug)]
struct Transition {
    at: i64,
    before: i64,
    after: i64,
}

/// Lazily found transitions of one zone, per block of time.
struct Transitions {
    zone: Tz,
    blocks: Box<[OnceLock<BlockData>]>,
    /// Offsets before the first and after the last block.
    first: i64,
    last: i64,
}

struct BlockData {
    /// Offset before the first transition listed.
    base: i64,
    list: Box<[Transition]>,
}

struct Block<'a> {
    end: i64,
    base: i64,
    list: &'a [Transition],
}

const BLOCK: i64 = 365 * DAY;
/// Blocks covering 1830 to 2109; chrono-tz knows no transition outside.
const FIRST_BLOCK: i64 = -140;
const END_BLOCK: i64 = 140;
/// Probe spacing when looking for transitions; two transitions closer than
/// this that cancel out would be missed (tzdb has none).
const PROBE: i64 = 6 * 3600;

impl fmt::Debug for Transitions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transitions")
            .field("zone", &self.zone)
            .finish_non_exhaustive()
    }
}

impl Transitions {
    fn new(zone: Tz) -> Transitions {
        Transitions {
            zone,
            blocks: (FIRST_BLOCK..END_BLOCK).map(|_| OnceLock::new()).collect(),
            first: offset_at(zone, FIRST_BLOCK * BLOCK - 1),
            last: offset_at(zone, END_BLOCK * BLOCK),
        }
    }

    fn block(&self, at: i64) -> Block<'_> {
        let index = at.div_euclid(BLOCK);
        if index < FIRST_BLOCK {
            return Block {
                end: FIRST_BLOCK * BLOCK,
                base: self.first,
                list: &[],
            };
        }
        if index >= END_BLOCK {
            return Block {
                end: NEVER,
                base: self.last,
                list: &[],
            };
        }
        let start = index * BLOCK;
        // The list starts a day early so that the repeated hour of a
        // fall-back just before the block is still seen from inside it.
        let data = self.blocks[(index - FIRST_BLOCK) as usize]
            .get_or_init(|| scan(self.zone, start - DAY, start + BLOCK));
        Block {
            end: start + BLOCK,
            base: data.base,
            list: &data.list,
        }
    }
}

fn offset_at(zone: Tz, at: i64) -> i64 {
    let utc = DateTime::from_timestamp(at, 0).map_or_else(Default::default, |d| d.naive_utc());
    i64::from(zone.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

/// Transitions at instants in `[from, to)`.
fn scan(zone: Tz, from: i64, to: i64) -> BlockData {
    let mut list = Vec::new();
    let mut at = from - 1;
    let mut offset = offset_at(zone, at);
    let base = offset;
    while at < to - 1 {
        let probe = (at + PROBE).min(to - 1);
        let probed = offset_at(zone, probe);
        if probed == offset {
            at = probe;
            continue;
        }
        let (mut same, mut changed) = (at, probe);
        while changed - same > 1 {
            let mid = same + (changed - same) / 2;
            if offset_at(zone, mid) == offset {
                same = mid;
            } else {
                changed = mid;
            }
        }
        let after = offset_at(zone, changed);
        list.push(Transition {
            at: changed,
            before: offset,
            after,
        });
        at = changed;
        offset = after;
    }
    BlockData {
        base,
        list: list.into_boxed_slice(),
    }
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
