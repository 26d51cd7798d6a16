//! The engine dispatches exactly as production routing does: the same
//! roster state and the same waiting tickets give the same assignments as
//! [`routing::assign_batch`] over the whole roster (what `triage assign`
//! runs), although the engine routes over its compact list of available
//! agents and looks only at class queue heads.

use chrono::{TimeZone, Utc};
use proptest::prelude::{
    prop, prop_assert_eq, prop_oneof, proptest, Just, ProptestConfig, Strategy,
};

use super::*;
use crate::model::Priority;
use crate::routing::Decision;
use crate::rules::{AgentId, AgentSpec, AgentStatus, Rules, ScoreWeights, SkillSpec, TeamRef};
use crate::sim::model::{Class, Dist, Kind, SimAgent};

const SKILLS: [&str; 3] = ["billing", "Tech", "zh"];
const TEAMS: [&str; 2] = ["t1", "t2"];

#[derive(Clone, Debug)]
struct AgentCase {
    skills: Vec<(usize, u8)>,
    teams: Vec<usize>,
    capacity: u32,
    level: u8,
    status: AgentStatus,
    on_shift: bool,
    load: u32,
    last: Option<i64>,
}

#[derive(Clone, Debug)]
struct TicketCase {
    kind: usize,
    priority: Priority,
    due: Option<i64>,
    age: i64,
}

/// Kinds: every skill pair (including none) with and without a team.
fn kinds() -> (Vec<Kind<'static>>, Vec<Class>) {
    let mut kinds = Vec::new();
    let mut classes = Vec::new();
    let skill_sets: Vec<Vec<String>> = vec![
        vec![],
        vec!["billing".into()],
        vec!["tech".into()],
        vec!["BILLING".into(), "zh".into()],
        vec!["tech".into(), "zh".into()],
    ];
    for skills in &skill_sets {
        for team in [None, Some("t1"), Some("t2")] {
            let mut key: Vec<String> = skills.iter().map(|s| s.to_ascii_lowercase()).collect();
            key.sort();
            let class = Class {
                skills: key,
                team: team.map(String::from),
            };
            let ci = classes.iter().position(|c| *c == class).unwrap_or_else(|| {
                classes.push(class.clone());
                classes.len() - 1
            });
            kinds.push(Kind {
                name: format!("{skills:?}/{team:?}"),
                category: None,
                skills: skills.clone(),
                team: team.map(String::from),
                tier: None,
                channel: None,
                priorities: vec![(Priority::P3, 1.0)],
                handle: Dist::Fixed(3600 * SEC),
                patience: None,
                class: ci as u16,
                targets: [(None, None); 4],
                policies: Default::default(),
            });
        }
    }
    (kinds, classes)
}

fn agent_case() -> impl Strategy<Value = AgentCase> {
    (
        prop::collection::vec((0..SKILLS.len(), 1u8..=5), 0..3),
        prop::collection::vec(0..TEAMS.len(), 0..2),
        1u32..4,
        1u8..4,
        prop_oneof![
            6 => Just(AgentStatus::Online),
            1 => Just(AgentStatus::Offline),
            1 => Just(AgentStatus::Vacation)
        ],
        prop::bool::weighted(0.8),
        0u32..5,
        prop::option::of(-300i64..=0),
    )
        .prop_map(
            |(skills, teams, capacity, level, status, on_shift, load, last)| AgentCase {
                skills,
                teams,
                capacity,
                level,
                status,
                on_shift,
                load: load.min(capacity + 1),
                last,
            },
        )
}

fn ticket_case(n_kinds: usize) -> impl Strategy<Value = TicketCase> {
    (
        0..n_kinds,
        prop::sample::select(Priority::ALL.to_vec()),
        prop::option::of(0i64..600),
        0i64..600,
    )
        .prop_map(|(kind, priority, due, age)| TicketCase {
            kind,
            priority,
            due,
            age,
        })
}

fn now() -> i64 {
    to_micros(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap())
}

fn minutes(m: i64) -> i64 {
    now() + m * 60 * SEC
}

fn agent_spec(i: usize, a: &AgentCase) -> SimAgent {
    let mut skills: Vec<SkillSpec> = Vec::new();
    for &(s, level) in &a.skills {
        if !skills.iter().any(|k| k.name == SKILLS[s]) {
            skills.push(SkillSpec {
                name: SKILLS[s].to_string(),
                level,
            });
        }
    }
    let mut teams: Vec<String> = a.teams.iter().map(|&t| TEAMS[t].to_string()).collect();
    teams.dedup();
    SimAgent {
        spec: AgentSpec {
            id: AgentId(format!("a{i}")),
            name: None,
            skills,
            teams: teams.iter().map(|t| TeamRef(t.clone())).collect(),
            capacity: a.capacity,
            level: a.level,
            status: a.status,
            shift: None,
            email: None,
        },
        teams,
        shift: None,
    }
}

/// Runs one dispatch in the engine and through `assign_batch`; returns the
/// agent each ticket got (roster index) from both.
fn both(
    rules: &Rules,
    agents: &[AgentCase],
    tickets: &[TicketCase],
    strategy: crate::rules::Strategy,
    dispatch: Dispatch,
    skip_offline: bool,
    respect_shifts: bool,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let (kinds, classes) = kinds();
    let mut spec = rules.file.routing.clone();
    spec.strategy = strategy;
    spec.weights = ScoreWeights::default();
    spec.skip_offline = skip_offline;
    spec.respect_shifts = respect_shifts;
    spec.skip_full = dispatch == Dispatch::Pull;
    let variant = Variant {
        name: "v".into(),
        dispatch,
        chooser: Chooser::Routing(strategy),
        spec: spec.clone(),
        agents: agents
            .iter()
            .enumerate()
            .map(|(i, a)| agent_spec(i, a))
            .collect(),
    };
    let model = Model {
        rules,
        start: minutes(-600),
        warmup_end: minutes(-600),
        end: minutes(600),
        arrivals: Arrivals::Replay(Vec::new()),
        mix: Vec::new(),
        kinds,
        classes,
        variants: vec![variant],
        expected_tickets: 0.0,
    };
    let var = &model.variants[0];
    let teams = team_refs(var);

    // The engine, with the state injected.
    let mut e = Engine::new(&model, var, &teams, 1, 0);
    e.now = now();
    for (i, a) in agents.iter().enumerate() {
        e.cands[i].load = a.load;
        e.cands[i].on_shift = a.on_shift;
        e.cands[i].last_assigned = a.last.map(|m| to_time(minutes(m)));
        e.agents[i].in_service = a.load.min(a.capacity);
        e.shift_changed(i);
    }
    e.clock = LogicalClock::after(&e.cands);
    let mut slots = Vec::new();
    for (n, t) in tickets.iter().enumerate() {
        let kind = &model.kinds[t.kind];
        let key = QueueKey {
            priority: t.priority,
            due: t.due.map(|m| to_time(minutes(m))),
            created_at: to_time(minutes(-t.age)),
            id: n as u64 + 1,
        };
        let s = e.alloc(Slot {
            key,
            arrival: minutes(-t.age),
            fr_due: i64::MAX,
            res_due: i64::MAX,
            handle: 3600 * SEC,
            start: 0,
            gen: 0,
            kind: t.kind as u16,
            agent: NO_AGENT,
            state: State::Waiting,
            measured: false,
        });
        e.in_flight += 1;
        e.queued += 1;
        e.class_q[kind.class as usize].push(Reverse((key, s)));
        slots.push(s);
    }
    let everyone: Vec<u16> = (0..agents.len() as u16).collect();
    e.dispatch_agents(&everyone);
    let sim: Vec<Option<usize>> = slots
        .iter()
        .map(|&s| {
            let slot = &e.slots[s as usize];
            (slot.state != State::Waiting).then_some(slot.agent as usize)
        })
        .collect();

    // Production: assign_batch over the whole roster in the same state.
    let mut cands = candidates(var, &teams);
    for (i, a) in agents.iter().enumerate() {
        cands[i].load = a.load;
        cands[i].on_shift = a.on_shift;
        cands[i].last_assigned = a.last.map(|m| to_time(minutes(m)));
    }
    let views: Vec<TicketView<'_>> = slots.iter().map(|&s| e.view(s)).collect();
    let decisions = routing::assign_batch(&views, &mut cands, &spec, to_time(now()));
    let prod = decisions.iter().map(Decision::agent).collect();
    (sim, prod)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_and_assign_batch_choose_the_same_agents(
        agents in prop::collection::vec(agent_case(), 1..9),
        tickets in prop::collection::vec(ticket_case(15), 0..14),
        strategy in prop::sample::select(crate::rules::Strategy::ALL.to_vec()),
        push in prop::bool::weighted(0.3),
        skip_offline in prop::bool::weighted(0.8),
        respect_shifts in prop::bool::weighted(0.8),
    ) {
        let rules = Rules::embedded();
        let dispatch = if push { Dispatch::Push } else { Dispatch::Pull };
        let (sim, prod) = both(&rules, &agents, &tickets, strategy, dispatch, skip_offline, respect_shifts);
        prop_assert_eq!(sim, prod);
    }
}

#[test]
fn a_freed_agent_takes_the_first_ticket_it_may_serve() {
    let rules = Rules::embedded();
    let agent = |skill: usize, load: u32| AgentCase {
        skills: vec![(skill, 3)],
        teams: vec![],
        capacity: 1,
        level: 1,
        status: AgentStatus::Online,
        on_shift: true,
        load,
        last: None,
    };
    // a0 (billing) is free; a1 (tech) is busy. Queue: tech P1, billing P3, billing P2.
    let agents = [agent(0, 0), agent(1, 1)];
    let t = |kind, priority, age| TicketCase {
        kind,
        priority,
        due: None,
        age,
    };
    // kinds 3.. are [billing] (no team), 6.. [tech] (no team).
    let tickets = [
        t(6, Priority::P1, 50),
        t(3, Priority::P3, 40),
        t(3, Priority::P2, 10),
    ];
    let (sim, prod) = both(
        &rules,
        &agents,
        &tickets,
        crate::rules::Strategy::Score,
        Dispatch::Pull,
        true,
        true,
    );
    assert_eq!(sim, vec![None, None, Some(0)]);
    assert_eq!(sim, prod);
}

#[test]
fn working_until_finds_the_end_of_a_shift() {
    let rules = Rules::embedded();
    let cal = rules.calendar("business").unwrap();
    // Monday 2026-03-02 10:30 Shanghai = 02:30 UTC; the day ends 18:00 = 10:00 UTC.
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 2, 30, 15).unwrap();
    let end = working_until(cal, at).unwrap();
    assert_eq!(
        to_time(end),
        Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
    );
    assert!(working_until(&crate::sla::Calendar::always(), at).is_none());
}
