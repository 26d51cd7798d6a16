//! Metric tests on hand-built tickets and event logs.
//!
//! The business calendar is still a placeholder that counts every hour
//! (issue 4), so every test here measures 24x7 time except
//! `business_hours_real_arithmetic`, which is ignored until it lands.

use chrono::{DateTime, Duration as Span, TimeZone, Utc};

use super::evaluate::{measuring_calendar, running_time, target_spec, Target};
use super::meter::Meter;
use super::*;
use crate::model::{Event, EventKind, Pause, Priority, Status, Ticket};
use crate::rules::Rules;
use crate::sla::Calendar;
use crate::summary::{history, Summary};

const RULES: &str = r#"
timezone: UTC
calendars:
  business:
    hours:
      weekdays: ["09:00-18:00"]
agents:
  - id: ann
    name: Ann
    capacity: 4
  - id: bob
    capacity: 2
  - id: cid
    capacity: 2
    status: vacation
sla:
  - name: vip
    when: {tier: vip}
    calendar: business
    first_response: {P1: {within: 1h, calendar: 24x7}, P2: 2h}
    resolution: {P1: 4h, P2: 8h}
  - name: standard
    first_response: {P1: 1h, P2: 2h, P3: 4h, P4: 1d}
    resolution: {P1: 4h, P2: 1d, P3: 3d, P4: 5d}
escalation:
  at_risk: 75%
"#;

fn rules() -> Rules {
    Rules::parse(RULES, "test.yaml").unwrap()
}

/// Monday 2 March 2026, 00:00 UTC.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap()
}

/// `t0` plus a number of hours (fractions allowed).
fn h(hours: f64) -> DateTime<Utc> {
    t0() + Span::seconds((hours * 3600.0).round() as i64)
}

const HOUR: i64 = 3600;

/// A ticket under the `standard` policy (24x7), with due times set as the
/// SLA engine would at creation.
fn ticket(id: u64, created: f64, priority: Priority) -> Ticket {
    let mut t = Ticket::new(format!("ticket {id}"), h(created));
    t.id = id;
    t.priority = priority;
    t.sla.policy = Some("standard".to_string());
    let (fr, res) = match priority {
        Priority::P1 => (1.0, 4.0),
        Priority::P2 => (2.0, 24.0),
        Priority::P3 => (4.0, 72.0),
        Priority::P4 => (24.0, 120.0),
    };
    t.sla.first_response_due = Some(h(created + fr));
    t.sla.resolution_due = Some(h(created + res));
    t
}

fn assign(mut t: Ticket, agent: &str, at: f64) -> Ticket {
    t.assignee = Some(agent.to_string());
    t.assigned_at = Some(h(at));
    if t.status == Status::New {
        t.status = Status::Assigned;
    }
    t
}

fn respond(mut t: Ticket, at: f64) -> Ticket {
    t.first_response_at = Some(h(at));
    t.sla.first_response_met = t.sla.first_response_due.map(|d| h(at) <= d);
    t.status = Status::Open;
    t
}

fn resolve(mut t: Ticket, at: f64) -> Ticket {
    t.resolved_at = Some(h(at));
    t.sla.resolution_met = t.sla.resolution_due.map(|d| h(at) <= d);
    t.status = Status::Resolved;
    t
}

fn opts() -> ReportOptions {
    ReportOptions::default()
}

/// The audit log a hand-built ticket's own fields tell: created, assigned
/// to its assignee at `assigned_at` (else at creation), and resolved (or
/// closed) when it is no longer active.
fn told_log(t: &Ticket) -> Vec<Event> {
    let mut events = vec![(t.created_at, EventKind::Created, None, Some("new"))];
    if let Some(agent) = t.assignee.as_deref() {
        let at = t.assigned_at.unwrap_or(t.created_at);
        events.push((at, EventKind::Assigned, None, Some(agent)));
    }
    if !t.status.is_active() {
        let at = t.resolved_at.or(t.closed_at).unwrap_or(t.updated_at);
        events.push((at, EventKind::Status, None, Some(t.status.as_str())));
    }
    events.sort_by_key(|e| e.0);
    events
        .into_iter()
        .zip(1..)
        .map(|((at, kind, from, to), seq)| Event {
            ticket: t.id,
            seq,
            at,
            actor: "test".to_string(),
            kind,
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            note: None,
        })
        .collect()
}

/// The summary of a hand-built ticket whose audit log is not known: the
/// history its own fields tell ([`told_log`]), and responses unknown.
fn unlogged(t: &Ticket) -> Summary {
    let mut s = Summary::of(t, &told_log(t));
    s.history.responses = None;
    s
}

fn unlogged_all(tickets: &[Ticket]) -> Vec<Summary> {
    tickets.iter().map(unlogged).collect()
}

/// Summaries of hand-built tickets with the audit log `events` (of any
/// tickets, in any order) up to `until`; a ticket without events in it is
/// [`unlogged`].
fn logged(tickets: &[Ticket], events: &[Event], until: DateTime<Utc>) -> Vec<Summary> {
    tickets
        .iter()
        .map(|t| match events.iter().any(|e| e.ticket == t.id) {
            true => Summary::until(t, events, Some(until)),
            false => unlogged(t),
        })
        .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

// ---------------------------------------------------------------- percentile

#[test]
fn percentile_nearest_rank_edge_cases() {
    assert_eq!(percentile_nearest_rank(&[], 50.0), None);
    assert_eq!(percentile_nearest_rank(&[7], 0.0), Some(7));
    assert_eq!(percentile_nearest_rank(&[7], 100.0), Some(7));
    // Even count: the lower middle value, never an average.
    assert_eq!(percentile_nearest_rank(&[1, 2, 3, 4], 50.0), Some(2));
    assert_eq!(median(&[10, 20, 30, 40, 50, 60]), Some(30));
    assert_eq!(median(&[10, 20, 30]), Some(20));
    // p90 of ten values is the 9th, exactly.
    let ten: Vec<i64> = (1..=10).collect();
    assert_eq!(percentile_nearest_rank(&ten, 90.0), Some(9));
    assert_eq!(percentile_nearest_rank(&ten, 90.1), Some(10));
    assert_eq!(percentile_nearest_rank(&ten, 100.0), Some(10));
    assert_eq!(percentile_nearest_rank(&ten, 0.0), Some(1));
    assert_eq!(percentile_nearest_rank(&ten, 10.0), Some(1));
    assert_eq!(percentile_nearest_rank(&ten, 11.0), Some(2));
    // Whole percentages never round up a rank.
    for n in 1..=200usize {
        let values: Vec<i64> = (1..=n as i64).collect();
        for p in 0..=100u32 {
            let want = ((p as usize * n).div_ceil(100)).max(1) as i64;
            assert_eq!(
                percentile_nearest_rank(&values, p as f64),
                Some(want),
                "n={n} p={p}"
            );
        }
    }
    let thousand: Vec<i64> = (1..=1000).collect();
    assert_eq!(percentile_nearest_rank(&thousand, 99.9), Some(999));
    // Out of range p is clamped; NaN has no answer.
    assert_eq!(percentile_nearest_rank(&ten, 150.0), Some(10));
    assert_eq!(percentile_nearest_rank(&ten, -5.0), Some(1));
    assert_eq!(percentile_nearest_rank(&ten, f64::NAN), None);
    // Duplicates and negatives are just values.
    assert_eq!(percentile_nearest_rank(&[-5, 0, 0, 0, 9], 50.0), Some(0));
}

#[test]
fn percentiles_by_selection_equal_the_sorted_ones() {
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as i64 % 50
    };
    for n in 0..60 {
        let values: Vec<i64> = (0..n).map(|_| next()).collect();
        let mut sorted = values.clone();
        sorted.sort_unstable();
        for ps in [[50.0, 90.0], [0.0, 100.0], [90.0, 90.0], [10.0, 99.9]] {
            let mut shuffled = values.clone();
            let want = ps.map(|p| percentile_nearest_rank(&sorted, p));
            assert_eq!(percentiles(&mut shuffled, ps), want, "{values:?} {ps:?}");
        }
    }
}

// ---------------------------------------------------------------- SLA

/// The SLA fixture at `now = h(10)`.
fn sla_fixture() -> Vec<Ticket> {
    // 1: P1, answered in 30m, resolved in 3h: both met.
    let mut v = vec![resolve(
        respond(assign(ticket(1, 0.0, Priority::P1), "ann", 0.1), 0.5),
        3.0,
    )];
    // 2: P1, answered after 2h (due 1h), still open at 10h (resolution due 4h).
    v.push(respond(
        assign(ticket(2, 0.0, Priority::P1), "ann", 0.1),
        2.0,
    ));
    // 3: P2 created 8h30, no response at 10h: 1h30 of 2h = 75% -> at risk.
    v.push(ticket(3, 8.5, Priority::P2));
    // 4: P3 created 9h, nothing yet: running.
    v.push(ticket(4, 9.0, Priority::P3));
    // 5: P1 with a 3h pending pause: answered in 15m, resolved at 6h = 3h of
    //    running time; the store moved the resolution due to 7h.
    let mut t5 = respond(assign(ticket(5, 0.0, Priority::P1), "bob", 0.1), 0.25);
    t5.sla.pauses.push(Pause {
        start: h(0.5),
        end: Some(h(3.5)),
    });
    t5.sla.resolution_due = Some(h(7.0));
    v.push(resolve(t5, 6.0));
    // 6: P2 resolved at 2h then reopened at 3h: active again, not resolved.
    let mut t6 = resolve(
        respond(assign(ticket(6, 0.0, Priority::P2), "bob", 0.1), 1.0),
        2.0,
    );
    t6.status = Status::Open;
    t6.reopens = 1;
    t6.sla.resolution_met = None;
    v.push(t6);
    // 7: no policy at all.
    let mut t7 = Ticket::new("no policy", h(1.0));
    t7.id = 7;
    t7.priority = Priority::P1;
    v.push(t7);
    // 8: merged into 1: counts nowhere.
    let mut t8 = ticket(8, 0.0, Priority::P1);
    t8.merged_into = Some(1);
    t8.status = Status::Closed;
    v.push(t8);
    // 9: P3 resolved at 1h with no response: first-response clock stopped in time.
    v.push(resolve(ticket(9, 0.0, Priority::P3), 1.0));
    // 10: created after `now`.
    v.push(ticket(10, 11.0, Priority::P1));
    v
}

#[test]
fn evaluate_states_of_single_tickets() {
    let rules = rules();
    let now = h(10.0);
    let v = unlogged_all(&sla_fixture());
    let e = |i: usize| evaluate(&v[i], &rules, Clock::Business, now);

    let s = e(0);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::Met, TargetState::Met)
    );
    assert_eq!(s.first_response_secs, Some(HOUR / 2));
    assert_eq!(s.resolution_secs, Some(3 * HOUR));

    let s = e(1);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::Missed, TargetState::Overdue)
    );
    assert!(s.breached_now() && !s.at_risk_now());
    assert_eq!(s.resolution_secs, None);

    let s = e(2);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::AtRisk, TargetState::Running)
    );
    assert!(s.at_risk_now() && !s.breached_now());

    let s = e(3);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::Running, TargetState::Running)
    );

    // Pause subtracted from the resolution time.
    let s = e(4);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::Met, TargetState::Met)
    );
    assert_eq!(s.first_response_secs, Some(HOUR / 4));
    assert_eq!(s.resolution_secs, Some(3 * HOUR));

    // Reopened: resolution runs again (within its 1d target), no resolution time.
    let s = e(5);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::Met, TargetState::Running)
    );
    assert_eq!(s.resolution_secs, None);

    let s = e(6);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::NoTarget, TargetState::NoTarget)
    );

    let s = e(8);
    assert_eq!(
        (s.first_response, s.resolution),
        (TargetState::Met, TargetState::Met)
    );
    assert_eq!(s.first_response_secs, None, "no response, no response time");
}

#[test]
fn sla_table_by_priority() {
    let rules = rules();
    let report = sla_by_group(&unlogged_all(&sla_fixture()), &rules, &opts(), h(10.0));
    let groups: Vec<&str> = report.rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["P1", "P2", "P3"]);

    // P1: tickets 1, 2, 5 and 7 (no policy); 8 merged, 10 not yet created.
    let p1 = &report.rows[0];
    assert_eq!(p1.tickets, 4);
    assert_eq!(
        (
            p1.first_response.met,
            p1.first_response.missed,
            p1.first_response.no_target
        ),
        (2, 1, 1)
    );
    assert!(close(p1.first_response.met_pct, 200.0 / 3.0));
    assert_eq!((p1.resolution.met, p1.resolution.overdue), (2, 1));
    assert_eq!(p1.resolution.breached(), 1);
    assert!(close(p1.resolution.met_pct, 200.0 / 3.0));
    assert_eq!((p1.breached_now, p1.at_risk_now), (1, 0));
    // First responses 15m, 30m, 2h: median 30m, p90 2h.
    assert_eq!(p1.first_response_median_secs, Some(HOUR / 2));
    assert_eq!(p1.first_response_p90_secs, Some(2 * HOUR));
    assert_eq!(p1.resolution_median_secs, Some(3 * HOUR));
    assert_eq!(p1.resolution_p90_secs, Some(3 * HOUR));

    // P2: ticket 3 (at risk, undecided) and 6 (reopened, running).
    let p2 = &report.rows[1];
    assert_eq!(p2.tickets, 2);
    assert_eq!((p2.first_response.met, p2.first_response.running), (1, 1));
    assert!(close(p2.first_response.met_pct, 100.0));
    assert_eq!(p2.resolution.running, 2);
    assert_eq!(p2.resolution.met_pct, None, "nothing decided yet");
    assert_eq!((p2.breached_now, p2.at_risk_now), (0, 1));
    assert_eq!(p2.resolution_median_secs, None);

    let total = report.total.unwrap();
    assert_eq!(total.tickets, 8);
    assert_eq!(total.breached_now, 1);
    assert_eq!(total.at_risk_now, 1);
    // All first responses: 15m, 30m, 1h (ticket 6), 2h.
    assert_eq!(total.first_response_median_secs, Some(HOUR / 2));
    assert_eq!(total.first_response_p90_secs, Some(2 * HOUR));
}

#[test]
fn sla_cohort_window_and_other_groupings() {
    let rules = rules();
    let mut o = opts();
    o.since = Some(h(8.0));
    let report = sla_by_group(&unlogged_all(&sla_fixture()), &rules, &o, h(10.0));
    let total = report.total.unwrap();
    assert_eq!(total.tickets, 2, "tickets 3 and 4 were created since 8h");

    o.since = None;
    o.until = Some(h(1.0));
    o.group_by = GroupBy::Agent;
    let report = sla_by_group(&unlogged_all(&sla_fixture()), &rules, &o, h(10.0));
    let groups: Vec<(&str, u64)> = report
        .rows
        .iter()
        .map(|r| (r.group.as_str(), r.tickets))
        .collect();
    assert_eq!(groups, [("ann", 2), ("bob", 2), (UNASSIGNED_LABEL, 1)]);

    // Ticket 7 (no policy, 1h) is outside the cohort since 2h: no row for it,
    // though the backlog and resolution tables see it in the same pass.
    o.group_by = GroupBy::Policy;
    o.until = None;
    o.since = Some(h(2.0));
    let mut v = sla_fixture();
    v.rotate_left(6); // ticket 7 first: its group is the first one met
    let r = super::report(&unlogged_all(&v), &rules, &o, h(10.0));
    let groups: Vec<&str> = r.sla.rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["standard"]);
    o.since = None;
    let report = sla_by_group(&unlogged_all(&sla_fixture()), &rules, &o, h(10.0));
    let groups: Vec<&str> = report.rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["standard", NONE_LABEL]);
}

#[test]
fn paused_clock_cannot_breach_and_missing_due_uses_the_rules() {
    let rules = rules();
    // P1, first response due 1h; pending since 30m, still at 3h.
    let mut t = ticket(1, 0.0, Priority::P1);
    t.sla.pauses.push(Pause {
        start: h(0.5),
        end: None,
    });
    t.status = Status::Pending;
    let s = evaluate(&unlogged(&t), &rules, Clock::Business, h(3.0));
    assert_eq!(s.first_response, TargetState::Running, "30m of 1h run");

    // The store dropped the due time (an open pause has none): the rules'
    // target decides, counting running time only.
    t.sla.first_response_due = None;
    assert_eq!(
        evaluate(&unlogged(&t), &rules, Clock::Business, h(3.0)).first_response,
        TargetState::Running
    );
    t.sla.pauses[0].end = Some(h(1.0));
    t.status = Status::Open;
    // Ran 0-30m and 1h-1h20: 50m of 60 -> at risk; then past 1h -> overdue.
    assert_eq!(
        evaluate(&unlogged(&t), &rules, Clock::Business, h(1.0 + 20.0 / 60.0)).first_response,
        TargetState::AtRisk
    );
    assert_eq!(
        evaluate(&unlogged(&t), &rules, Clock::Business, h(1.6)).first_response,
        TargetState::Overdue
    );

    // A pause that began after the due time does not undo the breach.
    let mut late = ticket(2, 0.0, Priority::P1);
    late.sla.pauses.push(Pause {
        start: h(2.0),
        end: None,
    });
    late.status = Status::Pending;
    assert_eq!(
        evaluate(&unlogged(&late), &rules, Clock::Business, h(3.0)).first_response,
        TargetState::Overdue
    );
}

#[test]
fn recorded_verdict_wins_over_the_due_time() {
    let rules = rules();
    // Answered at 2h against a due time of 1h, but the engine recorded it as
    // met (e.g. due time moved later by a pause before the response).
    let mut t = respond(ticket(1, 0.0, Priority::P1), 2.0);
    t.sla.first_response_met = Some(true);
    assert_eq!(
        evaluate(&unlogged(&t), &rules, Clock::Business, h(3.0)).first_response,
        TargetState::Met
    );
    t.sla.first_response_met = None;
    assert_eq!(
        evaluate(&unlogged(&t), &rules, Clock::Business, h(3.0)).first_response,
        TargetState::Missed
    );
}

#[test]
fn overlapping_and_open_pauses_are_subtracted_once() {
    let always = Calendar::always();
    let pauses = [
        Pause {
            start: h(1.0),
            end: Some(h(3.0)),
        },
        Pause {
            start: h(2.0),
            end: Some(h(4.0)),
        },
        Pause {
            start: h(-5.0),
            end: Some(h(-4.0)),
        },
        Pause {
            start: h(9.0),
            end: None,
        },
    ];
    // 0-10h minus 1h-4h minus 9h-10h (open): 6h.
    assert_eq!(
        running_time(&Meter::plain(&always), h(0.0), h(10.0), &pauses).secs(),
        6 * HOUR
    );
    assert_eq!(
        running_time(&Meter::plain(&always), h(5.0), h(5.0), &pauses).secs(),
        0
    );
    assert_eq!(
        running_time(&Meter::plain(&always), h(5.0), h(4.0), &pauses).secs(),
        0
    );
}

/// Which calendar each measurement uses. The arithmetic is 24x7 for now
/// (the business calendar is a placeholder), so this checks the choice of
/// calendar, not business hours; `business_hours_real_arithmetic` below
/// checks the hours once the calendar lands.
#[test]
fn business_clock_picks_the_target_calendar_24x7_until_real_calendar() {
    let rules = rules();
    let always = Calendar::always();
    let mut vip = ticket(1, 0.0, Priority::P1);
    vip.sla.policy = Some("vip".to_string());
    // The P1 first-response target names 24x7; the resolution target falls
    // back to the policy's business calendar.
    assert!(target_spec(&rules, &unlogged(&vip), Target::FirstResponse)
        .1
        .is_always());
    assert!(!target_spec(&rules, &unlogged(&vip), Target::Resolution)
        .1
        .is_always());
    assert!(!measuring_calendar(
        &rules,
        &unlogged(&vip),
        Target::Resolution,
        Clock::Business,
        &always
    )
    .is_always());
    assert!(measuring_calendar(
        &rules,
        &unlogged(&vip),
        Target::Resolution,
        Clock::Calendar,
        &always
    )
    .is_always());
    // P3 has no vip target: no spec, but durations still count in the
    // policy calendar.
    vip.priority = Priority::P3;
    let (spec, calendar) = target_spec(&rules, &unlogged(&vip), Target::Resolution);
    assert!(spec.is_none() && !calendar.is_always());
    // No policy, or an unknown one: 24x7.
    vip.sla.policy = Some("renamed".to_string());
    assert!(target_spec(&rules, &unlogged(&vip), Target::Resolution)
        .1
        .is_always());

    // Same ticket, both clocks: equal while every calendar counts 24x7.
    let t = resolve(respond(ticket(2, 0.0, Priority::P2), 1.0), 5.0);
    let business = evaluate(&unlogged(&t), &rules, Clock::Business, h(6.0));
    let calendar = evaluate(&unlogged(&t), &rules, Clock::Calendar, h(6.0));
    assert_eq!(business.resolution_secs, Some(5 * HOUR));
    assert_eq!(calendar.resolution_secs, Some(5 * HOUR));
}

/// Business-hours arithmetic through the metrics: a vip P2 ticket
/// (business calendar, Mon-Fri 09:00-18:00 UTC) created Friday 17:00 and
/// answered Monday 10:00 has a 2h business first-response time (met: due
/// 2h) but 65h of calendar time; resolved Monday 17:00 it has 9h business
/// resolution time (1h Friday + 8h Monday, target 8h: missed if no due is
/// stored). Add DST and holiday cases with a zoned calendar then.
#[test]
fn business_hours_real_arithmetic() {
    let rules = rules();
    let friday_17 = Utc.with_ymd_and_hms(2026, 3, 6, 17, 0, 0).unwrap();
    let monday_10 = Utc.with_ymd_and_hms(2026, 3, 9, 10, 0, 0).unwrap();
    let monday_17 = Utc.with_ymd_and_hms(2026, 3, 9, 17, 0, 0).unwrap();
    let mut t = Ticket::new("weekend", friday_17);
    t.priority = Priority::P2;
    t.sla.policy = Some("vip".to_string());
    t.first_response_at = Some(monday_10);
    t.resolved_at = Some(monday_17);
    t.status = Status::Resolved;
    let business = evaluate(&unlogged(&t), &rules, Clock::Business, monday_17);
    assert_eq!(business.first_response_secs, Some(2 * HOUR));
    assert_eq!(business.first_response, TargetState::Met);
    assert_eq!(business.resolution_secs, Some(9 * HOUR));
    assert_eq!(business.resolution, TargetState::Missed);
    let calendar = evaluate(&unlogged(&t), &rules, Clock::Calendar, monday_17);
    assert_eq!(calendar.first_response_secs, Some(65 * HOUR));
}

// ---------------------------------------------------------------- backlog

#[test]
fn backlog_buckets_statuses_and_groups() {
    let now = h(200.0);
    let mut v = Vec::new();
    let mk = |id, age: f64, status, team: Option<&str>| {
        let mut t = ticket(id, 200.0 - age, Priority::P3);
        t.status = status;
        t.team = team.map(str::to_string);
        t
    };
    v.push(mk(1, 1.0, Status::New, Some("tech")));
    v.push(mk(2, 4.0, Status::New, Some("tech"))); // exactly 4h: second bucket
    v.push(mk(3, 30.0, Status::Open, Some("billing")));
    v.push(mk(4, 100.0, Status::Pending, None));
    v.push(mk(5, 170.0, Status::Assigned, Some("tech")));
    v.push(mk(6, 190.0, Status::Assigned, Some("tech")));
    v.push(mk(7, 195.0, Status::Resolved, Some("tech"))); // not active
    let mut merged = mk(8, 199.0, Status::New, Some("tech"));
    merged.merged_into = Some(1);
    v.push(merged);
    v.push(mk(9, -1.0, Status::New, Some("tech"))); // created after now

    let mut o = opts();
    o.group_by = GroupBy::Team;
    o.since = Some(h(199.0)); // ignored: the backlog is a snapshot
    let b = backlog(&unlogged_all(&v), &o, now);
    let total = b.total.unwrap();
    assert_eq!(total.buckets, [1, 1, 1, 1, 2, 0, 0, 0]);
    assert_eq!(total.total, 6);
    assert_eq!(total.oldest_age_secs, Some(190 * HOUR));
    assert_eq!(total.oldest_ticket, Some(6));

    let statuses: Vec<(&str, u64)> = b
        .by_status
        .iter()
        .map(|r| (r.key.as_str(), r.total))
        .collect();
    assert_eq!(
        statuses,
        [("new", 2), ("assigned", 2), ("open", 1), ("pending", 1)]
    );
    assert_eq!(b.by_status[1].buckets, [0, 0, 0, 0, 2, 0, 0, 0]);

    let groups: Vec<(&str, u64)> = b
        .by_group
        .iter()
        .map(|r| (r.key.as_str(), r.total))
        .collect();
    assert_eq!(groups, [("billing", 1), ("tech", 4), (NONE_LABEL, 1)]);
    assert_eq!(b.by_group[1].oldest_age_secs, Some(190 * HOUR));
    assert_eq!(b.by_group[1].buckets, [1, 1, 0, 0, 2, 0, 0, 0]);

    assert_eq!(AgeBucket::of_secs(4 * HOUR - 1), AgeBucket::Under4h);
    assert_eq!(AgeBucket::of_secs(24 * HOUR), AgeBucket::From1dTo3d);
    assert_eq!(AgeBucket::of_secs(168 * HOUR - 1), AgeBucket::From3dTo7d);
    assert_eq!(AgeBucket::of_secs(168 * HOUR), AgeBucket::From1wTo2w);
    assert_eq!(AgeBucket::of_secs(14 * 24 * HOUR), AgeBucket::From2wTo4w);
    assert_eq!(
        AgeBucket::of_secs(30 * 24 * HOUR - 1),
        AgeBucket::From2wTo4w
    );
    assert_eq!(AgeBucket::of_secs(30 * 24 * HOUR), AgeBucket::From1moTo3mo);
    assert_eq!(
        AgeBucket::of_secs(90 * 24 * HOUR - 1),
        AgeBucket::From1moTo3mo
    );
    assert_eq!(AgeBucket::of_secs(90 * 24 * HOUR), AgeBucket::Over3mo);
    assert_eq!(AgeBucket::of_secs(i64::MAX), AgeBucket::Over3mo);
    assert_eq!(
        AgeBucket::ALL.map(AgeBucket::label),
        ["<4h", "4-24h", "1-3d", "3-7d", "1-2w", "2-4w", "1-3mo", ">3mo"]
    );
}

// ---------------------------------------------------------------- events

fn ev(
    ticket: u64,
    seq: u32,
    at: f64,
    kind: EventKind,
    from: Option<&str>,
    to: Option<&str>,
) -> Event {
    Event {
        ticket,
        seq,
        at: h(at),
        actor: "test".to_string(),
        kind,
        from: from.map(str::to_string),
        to: to.map(str::to_string),
        note: None,
    }
}

/// A ticket with a full life and the log that produced it:
/// created 0h (P3) → assigned ann 1h → responded 2h (open) → priority P2
/// 3h → pending 4h-5h → reassigned to bob 6h → resolved 7h → reopened 8h
/// → resolved 9h → csat 5 at 9h30 → closed 10h.
fn lived() -> (Ticket, Vec<Event>) {
    let events = {
        use EventKind::*;
        vec![
            ev(1, 1, 0.0, Created, None, Some("new")),
            ev(1, 2, 1.0, Assigned, None, Some("ann")),
            ev(1, 3, 1.0, Status, Some("new"), Some("assigned")),
            ev(1, 4, 2.0, Responded, None, None),
            ev(1, 5, 2.0, Status, Some("assigned"), Some("open")),
            ev(1, 6, 3.0, Priority, Some("P3"), Some("P2")),
            ev(1, 7, 4.0, Status, Some("open"), Some("pending")),
            ev(1, 8, 5.0, Status, Some("pending"), Some("open")),
            ev(1, 9, 6.0, Assigned, Some("ann"), Some("bob")),
            ev(1, 10, 7.0, Status, Some("open"), Some("resolved")),
            ev(1, 11, 8.0, Status, Some("resolved"), Some("open")),
            ev(1, 12, 9.0, Status, Some("open"), Some("resolved")),
            ev(1, 13, 9.5, Csat, None, Some("5")),
            ev(1, 14, 10.0, Status, Some("resolved"), Some("closed")),
            ev(1, 15, 10.5, Note, None, None),
        ]
    };
    let mut t = ticket(1, 0.0, Priority::P2);
    t.status = Status::Closed;
    t.assignee = Some("bob".to_string());
    t.assigned_at = Some(h(6.0));
    t.first_response_at = Some(h(2.0));
    t.sla.first_response_met = Some(true);
    t.resolved_at = Some(h(9.0));
    t.sla.resolution_met = Some(true);
    t.closed_at = Some(h(10.0));
    t.updated_at = h(10.5);
    t.reopens = 1;
    t.reassignments = 1;
    t.csat = Some(5);
    t.sla.pauses.push(Pause {
        start: h(4.0),
        end: Some(h(5.0)),
    });
    (t, events)
}

#[test]
fn ticket_as_of_rebuilds_each_stage() {
    let (t, events) = lived();
    assert_eq!(ticket_as_of(&t, &events, h(-0.5)), None);

    let a = ticket_as_of(&t, &events, h(0.5)).unwrap();
    assert_eq!(a.status, Status::New);
    assert_eq!((a.assignee.as_deref(), a.assigned_at), (None, None));
    assert_eq!(a.priority, Priority::P3);
    assert_eq!(
        (a.first_response_at, a.sla.first_response_met),
        (None, None)
    );
    assert_eq!(
        (a.resolved_at, a.closed_at, a.sla.resolution_met),
        (None, None, None)
    );
    assert_eq!((a.reopens, a.reassignments, a.csat), (0, 0, None));
    assert!(a.sla.pauses.is_empty());
    // The priority changed later: the due times belong to P2, so they go.
    assert_eq!(a.sla.first_response_due, None);
    assert_eq!(a.updated_at, h(0.0));

    let a = ticket_as_of(&t, &events, h(4.5)).unwrap();
    assert_eq!(a.status, Status::Pending);
    assert_eq!(
        (a.assignee.as_deref(), a.assigned_at),
        (Some("ann"), Some(h(1.0)))
    );
    assert_eq!(a.priority, Priority::P2);
    assert_eq!(a.first_response_at, Some(h(2.0)));
    assert_eq!(a.sla.first_response_met, Some(true));
    assert_eq!(
        a.sla.pauses,
        vec![Pause {
            start: h(4.0),
            end: None
        }]
    );
    assert!(a.sla.is_paused());
    assert_eq!(
        a.sla.resolution_due, t.sla.resolution_due,
        "no later priority change"
    );

    let a = ticket_as_of(&t, &events, h(7.5)).unwrap();
    assert_eq!(a.status, Status::Resolved);
    assert_eq!(
        (a.assignee.as_deref(), a.assigned_at),
        (Some("bob"), Some(h(6.0)))
    );
    assert_eq!((a.reassignments, a.reopens), (1, 0));
    assert_eq!(a.resolved_at, Some(h(7.0)));
    assert_eq!(
        a.sla.resolution_met, None,
        "the recorded verdict is for the 9h resolution"
    );
    assert_eq!(a.closed_at, None);

    let a = ticket_as_of(&t, &events, h(8.5)).unwrap();
    assert_eq!(a.status, Status::Open);
    assert_eq!((a.reopens, a.resolved_at), (1, None));

    let a = ticket_as_of(&t, &events, h(9.75)).unwrap();
    assert_eq!(
        (a.status, a.resolved_at, a.csat),
        (Status::Resolved, Some(h(9.0)), Some(5))
    );
    assert_eq!(a.sla.resolution_met, Some(true));

    // After the last event: the ticket itself.
    assert_eq!(ticket_as_of(&t, &events, h(11.0)).unwrap(), t);
    // Events of other tickets and their order do not matter.
    let mut shuffled = events.clone();
    shuffled.reverse();
    shuffled.push(ev(2, 1, 5.0, EventKind::Assigned, Some("bob"), Some("cid")));
    assert_eq!(
        ticket_as_of(&t, &shuffled, h(7.5)),
        ticket_as_of(&t, &events, h(7.5))
    );
}

#[test]
fn ticket_as_of_without_a_full_log_keeps_what_it_cannot_know() {
    // An imported ticket: one `imported` event, times from the legacy file.
    let mut t = ticket(3, 0.0, Priority::P4);
    t.status = Status::Resolved;
    t.assignee = Some("ann".to_string());
    t.assigned_at = Some(h(1.0));
    t.first_response_at = Some(h(2.0));
    t.resolved_at = Some(h(5.0));
    let events = vec![ev(3, 1, 0.0, EventKind::Imported, None, Some("resolved"))];
    let a = ticket_as_of(&t, &events, h(3.0)).unwrap();
    // Status never changed by an event after 3h: it keeps its value, as do
    // times that were already past.
    assert_eq!(a.status, Status::Resolved);
    assert_eq!(a.first_response_at, Some(h(2.0)));
    assert_eq!(a.assigned_at, Some(h(1.0)));
    assert_eq!(
        a.resolved_at, None,
        "stored resolution is after 3h, no event says otherwise"
    );
}

#[test]
fn history_folds_responses_assignments_and_holdings() {
    let (_, events) = lived();
    let hist = history(&events, h(100.0));
    assert_eq!(hist.responses, Some(1));
    let assigned: Vec<(&str, DateTime<Utc>)> =
        hist.assignments.iter().map(|a| (&*a.agent, a.at)).collect();
    assert_eq!(assigned, [("ann", h(1.0)), ("bob", h(6.0))]);
    let held: Vec<_> = hist
        .holdings
        .iter()
        .map(|x| (&*x.agent, x.start, x.end))
        .collect();
    assert_eq!(
        held,
        [
            ("ann", h(1.0), Some(h(6.0))),
            ("bob", h(6.0), Some(h(7.0))),
            ("bob", h(8.0), Some(h(9.0))),
        ]
    );
    // Cut at 6h30: bob's holding is still running.
    let cut = history(&events, h(6.5));
    assert_eq!(cut.holdings.last().unwrap().end, None);
    // All tickets at once: each summary folds its own events.
    let mut all = events.clone();
    all.push(ev(2, 1, 0.0, EventKind::Created, None, Some("new")));
    all.push(ev(2, 2, 1.0, EventKind::Responded, None, None));
    let map = logged(&[lived().0, ticket(2, 0.0, Priority::P3)], &all, h(100.0));
    assert_eq!(map[0].history, hist);
    assert_eq!(map[1].history.responses, Some(1));
    assert!(map[1].history.holdings.is_empty());
}

#[test]
fn imported_responses_are_known_only_when_the_export_counted_them() {
    use EventKind::{Imported, Responded};
    let responses = |events: &[Event]| history(events, h(100.0)).responses;
    let imported = ev(1, 1, 0.0, Imported, None, Some("resolved"));
    // No reply count in the export: the import's first response says nothing.
    let uncounted = [imported.clone(), ev(1, 2, 1.0, Responded, None, None)];
    assert_eq!(responses(&uncounted), None);
    let mut later = uncounted.to_vec();
    later.push(ev(1, 3, 5.0, Responded, None, None));
    assert_eq!(
        responses(&later),
        None,
        "a live reply does not make it known"
    );
    // Three replies counted: the first, then the undated rest.
    let counted = [
        imported.clone(),
        ev(1, 2, 1.0, Responded, None, Some("1")),
        ev(1, 3, 4.0, Responded, None, Some("2")),
    ];
    assert_eq!(responses(&counted), Some(3));
    let mut later = counted.to_vec();
    later.push(ev(1, 4, 5.0, Responded, None, None));
    assert_eq!(responses(&later), Some(4));
    // No first response and no count: unknown, not zero.
    assert_eq!(responses(&[imported]), None);
}

// ---------------------------------------------------------------- resolution

#[test]
fn resolution_rate_per_group_with_one_touch() {
    let rules = rules();
    let now = h(100.0);
    let (lived_ticket, lived_events) = lived();
    let mut v = vec![lived_ticket]; // P2, reopened, 1 response, 1 reassignment
                                    // 2: P2, one response, resolved: one-touch.
    v.push(resolve(
        respond(assign(ticket(2, 1.0, Priority::P2), "ann", 1.0), 2.0),
        3.0,
    ));
    // 3: P2, two responses, resolved: not one-touch; 2 reassignments.
    let mut t3 = resolve(
        respond(assign(ticket(3, 1.0, Priority::P2), "ann", 1.0), 2.0),
        3.0,
    );
    t3.reassignments = 2;
    v.push(t3);
    // 4: P2, still open.
    v.push(respond(ticket(4, 1.0, Priority::P2), 2.0));
    // 5: P3, resolved with no response.
    v.push(resolve(ticket(5, 1.0, Priority::P3), 2.0));
    let mut events = lived_events;
    for (id, n) in [(2u64, 1), (3, 2), (4, 1)] {
        for seq in 1..=n {
            events.push(ev(id, seq, 2.0, EventKind::Responded, None, None));
        }
    }
    // The lived ticket came in as P3 and was raised to P2: grouped by its
    // priority now here (by the created one, it is P3's, checked below).
    let current = ReportOptions {
        group_by: GroupBy::CurrentPriority,
        ..opts()
    };
    let summaries = logged(&v, &events, now);
    let created = resolution(&summaries, &rules, &opts(), now);
    assert_eq!(created.group_by, Some(GroupBy::Priority));
    let keys = |r: &ResolutionReport| -> Vec<(String, u64)> {
        r.rows
            .iter()
            .map(|row| (row.key.clone(), row.created))
            .collect()
    };
    assert_eq!(keys(&created), [("P2".into(), 3), ("P3".into(), 2)]);
    let r = resolution(&summaries, &rules, &current, now);
    assert_eq!(r.group_by, Some(GroupBy::CurrentPriority));
    assert_eq!(keys(&r), [("P2".into(), 4), ("P3".into(), 1)]);
    let p2 = &r.rows[0];
    assert_eq!(p2.key, "P2");
    assert_eq!((p2.created, p2.resolved), (4, 3));
    assert!(close(p2.resolution_rate_pct, 75.0));
    assert_eq!(p2.resolved_in_period, 3);
    assert_eq!((p2.ever_resolved, p2.reopened), (3, 1));
    assert!(close(p2.reopened_pct, 100.0 / 3.0));
    assert!(close(p2.mean_reassignments, 1.0)); // (1 + 0 + 2) / 3
    assert_eq!(
        p2.one_touch, 1,
        "ticket 2 only: 1 was reopened, 3 had two responses"
    );
    assert!(close(p2.one_touch_pct, 100.0 / 3.0));
    let p3 = &r.rows[1];
    // Ticket 5 has no entry in the histories: its responses are unknown,
    // so it is left out of the one-touch denominator.
    assert_eq!((p3.key.as_str(), p3.resolved, p3.one_touch), ("P3", 1, 0));
    assert_eq!(p3.one_touch_pct, None);
    let total = r.total.unwrap();
    assert_eq!((total.created, total.resolved), (5, 4));

    // Without the audit log one-touch is unknown, the rest unchanged.
    let r = resolution(&unlogged_all(&v), &rules, &opts(), now);
    assert_eq!(r.rows[0].one_touch_pct, None);
    assert_eq!(r.rows[0].resolved, 3);
}

#[test]
fn resolution_rate_per_week_in_the_rules_zone() {
    let mut rules = rules();
    rules.zone = chrono_tz::Asia::Shanghai;
    let sunday_17_utc = Utc.with_ymd_and_hms(2026, 3, 1, 17, 0, 0).unwrap(); // Monday 01:00 in Shanghai
    let mk = |id, created: DateTime<Utc>| {
        let mut t = Ticket::new("t", created);
        t.id = id;
        t
    };
    let mut a = mk(1, sunday_17_utc);
    a.status = Status::Resolved;
    // Resolved two weeks later: counts in the first week's cohort, and in
    // the third week's throughput.
    a.resolved_at = Some(sunday_17_utc + Span::days(14));
    let b = mk(2, sunday_17_utc + Span::days(14));
    let now = sunday_17_utc + Span::days(20);
    let mut o = opts();
    o.period = Some(Period::Week);
    let r = resolution(&unlogged_all(&[a.clone(), b.clone()]), &rules, &o, now);
    let rows: Vec<(&str, u64, u64, u64)> = r
        .rows
        .iter()
        .map(|r| (r.key.as_str(), r.created, r.resolved, r.resolved_in_period))
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-W10", 1, 1, 0),
            ("2026-W11", 0, 0, 0),
            ("2026-W12", 1, 0, 1)
        ]
    );
    assert_eq!(
        r.rows[0].period_start,
        Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    );
    assert!(close(r.rows[0].resolution_rate_pct, 100.0));
    assert_eq!(r.rows[1].resolution_rate_pct, None);

    // In UTC the first ticket is a Sunday: ISO week 9.
    let utc = crate::metrics::tests::rules();
    let r = resolution(&unlogged_all(&[a.clone(), b.clone()]), &utc, &o, now);
    assert_eq!(r.rows[0].key, "2026-W09");

    o.period = Some(Period::Month);
    let r = resolution(&unlogged_all(&[a.clone(), b]), &rules, &o, now);
    let keys: Vec<&str> = r.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["2026-03"]);
    o.period = Some(Period::Day);
    let r = resolution(&unlogged_all(&[a]), &rules, &o, now);
    assert_eq!(r.rows.len(), 15, "2 March to 16 March, gaps filled");
    assert_eq!(r.rows[0].key, "2026-03-02");
}

// ---------------------------------------------------------------- agents

fn agent_fixture() -> Vec<Ticket> {
    vec![
        // ann: resolved in 3h after assignment at 1h (handle 2h), met both.
        resolve(
            respond(assign(ticket(1, 0.0, Priority::P3), "ann", 1.0), 1.5),
            3.0,
        ),
        // ann: resolved, handle 5h with a 1h pause -> 4h.
        {
            let mut t = resolve(
                respond(assign(ticket(2, 0.0, Priority::P3), "ann", 1.0), 2.0),
                6.0,
            );
            t.sla.pauses.push(Pause {
                start: h(2.0),
                end: Some(h(3.0)),
            });
            t
        },
        // ann: active, first response missed (P1, answered at 5h).
        respond(assign(ticket(3, 0.0, Priority::P1), "ann", 0.5), 5.0),
        // bob: active twice.
        assign(ticket(4, 2.0, Priority::P3), "bob", 2.0),
        assign(ticket(5, 2.0, Priority::P3), "bob", 3.0),
        // zed: not in the roster.
        assign(ticket(6, 2.0, Priority::P3), "zed", 2.0),
        // nobody.
        ticket(7, 2.0, Priority::P3),
    ]
}

#[test]
fn agents_table_load_throughput_handle_time_and_sla() {
    let rules = rules();
    let now = h(10.0);
    let rows = agents(&unlogged_all(&agent_fixture()), &rules, &opts(), now);
    let ids: Vec<&str> = rows.iter().map(|r| r.agent.as_str()).collect();
    assert_eq!(ids, ["ann", "bob", "cid", "zed"]);

    let ann = &rows[0];
    assert_eq!(ann.name.as_deref(), Some("Ann"));
    assert_eq!((ann.active_load, ann.capacity), (1, Some(4)));
    assert!(close(ann.load_pct, 25.0));
    assert_eq!((ann.assigned, ann.resolved), (3, 2));
    // Handle times 2h and 4h: nearest-rank median is 2h.
    assert_eq!(ann.median_handle_secs, Some(2 * HOUR));
    // Targets: 1 met+met, 2 met+met, 3 missed + overdue (P1 res due 4h).
    assert_eq!((ann.sla_met, ann.sla_decided), (4, 6));
    assert!(close(ann.sla_met_pct, 400.0 / 6.0));

    let bob = &rows[1];
    assert_eq!((bob.active_load, bob.assigned, bob.resolved), (2, 2, 0));
    assert!(close(bob.load_pct, 100.0));
    // Neither ticket answered by its 6h first-response due time.
    assert_eq!(
        (bob.median_handle_secs, bob.sla_met, bob.sla_decided),
        (None, 0, 2)
    );
    assert!(close(bob.sla_met_pct, 0.0));

    let cid = &rows[2];
    assert_eq!(
        (cid.status.as_deref(), cid.active_load, cid.assigned),
        (Some("vacation"), 0, 0)
    );

    let zed = &rows[3];
    assert!(!zed.in_roster);
    assert_eq!(
        (zed.capacity, zed.load_pct, zed.active_load),
        (None, None, 1)
    );

    // Window: only what happened from 2h30 on.
    let mut o = opts();
    o.since = Some(h(2.5));
    let rows = agents(&unlogged_all(&agent_fixture()), &rules, &o, now);
    assert_eq!((rows[0].assigned, rows[0].resolved), (0, 2));
    assert_eq!(rows[1].assigned, 1);
    assert_eq!(rows[0].active_load, 1, "load is a snapshot");
    assert_eq!(
        rows[0].sla_decided, 0,
        "no cohort ticket created since 2h30"
    );
}

#[test]
fn agents_use_every_assignment_from_the_audit_log() {
    let rules = rules();
    let (t, events) = lived();
    let with = agents(
        &logged(std::slice::from_ref(&t), &events, h(100.0)),
        &rules,
        &opts(),
        h(100.0),
    );
    let without = agents(&[unlogged(&t)], &rules, &opts(), h(100.0));
    assert_eq!((with[0].agent.as_str(), with[0].assigned), ("ann", 1));
    assert_eq!((with[1].agent.as_str(), with[1].assigned), ("bob", 1));
    assert_eq!(without[0].assigned, 0, "only the current assignee is known");
    assert_eq!(without[1].assigned, 1);
    // Resolution credited to the resolver, handle time from the last
    // assignment (6h) to the final resolution (9h) minus nothing.
    assert_eq!(
        (with[1].resolved, with[1].median_handle_secs),
        (1, Some(3 * HOUR))
    );
}

#[test]
fn fairness_shares_against_capacity() {
    let rules = rules();
    let now = h(10.0);
    let f = fairness(&unlogged_all(&agent_fixture()), &rules, &opts(), now);
    assert_eq!(f.total_capacity, 8);
    assert_eq!((f.total_assigned, f.total_load), (6, 4));
    let row = |id: &str| f.rows.iter().find(|r| r.agent == id).unwrap();

    let ann = row("ann");
    assert!(close(ann.capacity_share_pct, 50.0));
    assert!(close(ann.assigned_share_pct, 50.0));
    assert!(close(ann.assigned_ratio, 1.0));
    // Work: ticket 1 1h-3h (2h), ticket 2 1h-6h minus 1h pause (4h),
    // ticket 3 0h30-10h (9h30).
    assert_eq!(ann.work_secs, 2 * HOUR + 4 * HOUR + 9 * HOUR + HOUR / 2);
    assert!(close(ann.load_share_pct, 25.0));
    assert!(close(ann.load_ratio, 0.5));

    let bob = row("bob");
    // 2 of 6 assignments with a quarter of the capacity.
    assert!(close(bob.assigned_ratio, (200.0 / 6.0) / 25.0));
    // Work 8h + 7h.
    assert_eq!(bob.work_secs, 15 * HOUR);
    assert!(close(bob.load_ratio, 2.0));

    let cid = row("cid");
    assert!(close(cid.assigned_ratio, 0.0));

    let zed = row("zed");
    assert_eq!((zed.capacity, zed.capacity_share_pct), (0, Some(0.0)));
    assert_eq!(zed.assigned_ratio, None);
    let sum: f64 = f.rows.iter().filter_map(|r| r.work_share_pct).sum();
    assert!((sum - 100.0).abs() < 1e-9);

    // Work is clipped to the window.
    let mut o = opts();
    o.since = Some(h(9.0));
    o.until = Some(h(9.5));
    let f = fairness(&unlogged_all(&agent_fixture()), &rules, &o, now);
    let bob = f.rows.iter().find(|r| r.agent == "bob").unwrap();
    assert_eq!(bob.work_secs, HOUR);
}

// ---------------------------------------------------------------- load, csat

#[test]
fn load_by_weekday_and_hour() {
    let rules = rules();
    let v = vec![
        ticket(1, 9.25, Priority::P3),              // Monday 09:15
        ticket(2, 9.75, Priority::P3),              // Monday 09:45
        ticket(3, 24.0 * 6.0 + 23.5, Priority::P3), // Sunday 23:30
    ];
    let l = load(&unlogged_all(&v), &rules, &opts(), h(1000.0));
    assert_eq!(l.total, 3);
    assert_eq!(l.rows.len(), 7);
    assert_eq!(
        (
            l.rows[0].weekday.as_str(),
            l.rows[0].hours[9],
            l.rows[0].total
        ),
        ("Mon", 2, 2)
    );
    assert_eq!(
        (l.rows[6].weekday.as_str(), l.rows[6].hours[23]),
        ("Sun", 1)
    );
    assert_eq!((l.hour_totals[9], l.hour_totals[23]), (2, 1));
}

#[test]
fn load_hours_are_local_across_zone_changes() {
    use chrono::{Datelike, Timelike};
    let mut rules = rules();
    rules.zone = chrono_tz::Europe::Berlin;
    // Every 12h31m from 1969 into 2026, across DST changes both ways.
    let start = Utc.with_ymd_and_hms(1969, 10, 20, 0, 0, 0).unwrap();
    let v: Vec<Ticket> = (0..40_000)
        .map(|i| {
            let created = start + Span::minutes(751 * i);
            let mut t = Ticket::new("t", created);
            t.id = i as u64 + 1;
            t
        })
        .collect();
    let l = load(
        &unlogged_all(&v),
        &rules,
        &opts(),
        h(0.0) + Span::days(1000),
    );
    let mut grid = [[0u64; 24]; 7];
    for t in &v {
        let local = t.created_at.with_timezone(&rules.zone);
        grid[local.weekday().num_days_from_monday() as usize][local.hour() as usize] += 1;
    }
    let got: Vec<[u64; 24]> = l.rows.iter().map(|r| r.hours).collect();
    assert_eq!(got, grid);
    assert_eq!(l.total, 40_000);
}

#[test]
fn csat_rows_sum_to_the_total_unrated_groups_included() {
    let mut v = Vec::new();
    for (id, priority, score) in [
        (1, Priority::P1, Some(5)),
        (2, Priority::P1, Some(2)),
        (3, Priority::P1, None),
        (4, Priority::P2, None),
        (5, Priority::P3, Some(4)),
        (6, Priority::P3, Some(9)), // not a score
    ] {
        let mut t = ticket(id, 0.0, priority);
        t.csat = score;
        v.push(t);
    }
    let c = csat(&unlogged_all(&v), &opts(), h(10.0));
    let rows: Vec<(&str, u64, u64)> = c
        .rows
        .iter()
        .map(|r| (r.group.as_str(), r.tickets, r.rated))
        .collect();
    // P2 has no score: its row says so (response rate 0%) rather than its
    // ticket vanishing from the rows while the total counts it.
    assert_eq!(rows, [("P1", 3, 2), ("P2", 1, 0), ("P3", 2, 1)]);
    assert_eq!(c.rows[1].average, None);
    assert!(close(c.rows[0].average, 3.5));
    assert!(close(c.rows[0].satisfied_pct, 50.0));
    assert_eq!(c.rows[0].scores, [0, 1, 0, 0, 1]);
    let total = c.total.unwrap();
    assert_eq!((total.tickets, total.rated), (6, 3));
    let sum = |f: fn(&crate::metrics::CsatRow) -> u64| c.rows.iter().map(f).sum::<u64>();
    assert_eq!((sum(|r| r.tickets), sum(|r| r.rated)), (6, 3));
    assert!(close(total.average, 11.0 / 3.0));
}

// ---------------------------------------------------------------- empty input

#[test]
fn empty_input_gives_empty_tables() {
    let rules = rules();
    let now = h(10.0);
    for o in [
        opts(),
        ReportOptions {
            period: Some(Period::Week),
            group_by: GroupBy::Agent,
            clock: Clock::Calendar,
            ..opts()
        },
    ] {
        let r = report(&[], &rules, &o, now);
        assert!(r.sla.rows.is_empty() && r.sla.total.is_none());
        assert!(
            r.backlog.by_status.is_empty()
                && r.backlog.by_group.is_empty()
                && r.backlog.total.is_none()
        );
        assert!(r.resolution.rows.is_empty() && r.resolution.total.is_none());
        assert!(r.agents.is_empty());
        assert!(r.fairness.rows.is_empty());
        assert!(r.load.rows.is_empty());
        assert!(r.csat.rows.is_empty() && r.csat.total.is_none());
    }
    // Tickets, but none in the window: empty cohort tables, no error.
    let mut o = opts();
    o.since = Some(h(1000.0));
    let r = report(&unlogged_all(&sla_fixture()), &rules, &o, now);
    assert!(r.sla.rows.is_empty() && r.load.rows.is_empty() && r.resolution.rows.is_empty());
    assert!(r.backlog.total.is_some(), "the backlog ignores the window");
}

#[test]
fn report_matches_the_single_tables() {
    let rules = rules();
    let now = h(10.0);
    let v = unlogged_all(&sla_fixture());
    let o = opts();
    let r = report(&v, &rules, &o, now);
    assert_eq!(r.sla, sla_by_group(&v, &rules, &o, now));
    assert_eq!(r.agents, agents(&v, &rules, &o, now));
    // And it serializes (for --format json).
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["sla"]["rows"][0]["group"], "P1");
    assert!(json["sla"]["rows"][1]["resolution"]["met_pct"].is_null());
}

#[test]
fn threads_and_chunks_do_not_change_the_numbers() {
    let rules = rules();
    let now = h(200.0);
    let (lived_ticket, events) = lived();
    let mut v = vec![lived_ticket];
    v.extend(sla_fixture().into_iter().map(|mut t| {
        t.id += 1;
        t
    }));
    v.extend(agent_fixture().into_iter().map(|mut t| {
        t.id += 20;
        t
    }));
    // An agent who left: held 40 before the window and was assigned 41 in
    // it, so one chunk knows them only by work, another by assignment.
    let mut events = events;
    let mut t40 = assign(ticket(40, 0.0, Priority::P3), "ann", 2.0);
    t40.reassignments = 1;
    events.extend([
        ev(40, 1, 0.0, EventKind::Created, None, Some("new")),
        ev(40, 2, 0.2, EventKind::Assigned, None, Some("old")),
        ev(40, 3, 2.0, EventKind::Assigned, Some("old"), Some("ann")),
    ]);
    v.insert(0, t40);
    v.push(assign(ticket(41, 4.0, Priority::P2), "old", 5.0));
    let mut summaries = logged(&v, &events, now);
    // The same texts at other addresses, as each decoding worker has them.
    for s in summaries.iter_mut().skip(7) {
        s.assignee = s.assignee.as_deref().map(Into::into);
        s.channel = (*s.channel).into();
    }
    for group_by in GroupBy::ALL {
        for period in [None, Some(Period::Day)] {
            let o = ReportOptions {
                group_by,
                period,
                since: Some(h(0.5)),
                ..opts()
            };
            let one = report(&summaries, &rules, &o, now);
            assert!(one.sla.total.is_some() && one.agents.iter().any(|a| a.agent == "old"));
            for (threads, chunk) in [(1, 1), (2, 3), (4, 5)] {
                let many = pass::run_in_chunks(
                    &[&summaries[..5], &summaries[5..]],
                    &rules,
                    &o,
                    now,
                    Tables::ALL,
                    threads,
                    chunk,
                );
                assert_eq!(
                    many, one,
                    "{group_by} {period:?} {threads} threads, chunks of {chunk}"
                );
            }
        }
    }
}

#[test]
fn as_of_report_from_the_audit_log() {
    // The report as of 7h30 sees the lived ticket resolved by bob at 7h,
    // not closed, not reopened.
    let rules = rules();
    let (t, events) = lived();
    let at = h(7.5);
    let then: Vec<Summary> = [t]
        .iter()
        .filter_map(|t| ticket_as_of(t, &events, at))
        .map(|then| Summary::until(&then, &events, Some(at)))
        .collect();
    let current = ReportOptions {
        group_by: GroupBy::CurrentPriority,
        ..opts()
    };
    assert_eq!(
        report(&then, &rules, &opts(), at).resolution.rows[0].key,
        "P3"
    );
    let r = report(&then, &rules, &current, at);
    let row = &r.resolution.rows[0];
    // Priority P2 since 3h; one response, no reopen yet: one-touch then.
    assert_eq!(
        (row.key.as_str(), row.resolved, row.reopened, row.one_touch),
        ("P2", 1, 0, 1)
    );
    assert_eq!(r.agents[1].agent, "bob");
    assert_eq!((r.agents[1].resolved, r.agents[1].active_load), (1, 0));
}

#[test]
fn option_texts_parse() {
    assert_eq!("week".parse::<Period>(), Ok(Period::Week));
    assert_eq!("Business".parse::<Clock>(), Ok(Clock::Business));
    assert_eq!("assignee".parse::<GroupBy>(), Ok(GroupBy::Agent));
    assert_eq!(GroupBy::Tier.to_string(), "tier");
    let err = "fortnight".parse::<Period>().unwrap_err();
    assert!(err.contains("day, week or month"), "{err}");
    for g in GroupBy::ALL {
        assert_eq!(GroupBy::parse(g.as_str()), Some(g));
    }
}
