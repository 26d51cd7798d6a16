//! The discrete-event engine: one replication of one variant.
//!
//! # Events
//!
//! A binary heap of small `Copy` events ordered by time, then by the order
//! they were scheduled (so simultaneous events run first-in first-out and a
//! run is deterministic): the next arrival (one at a time, drawn lazily),
//! the end of a service, a customer giving up, and an agent's shift
//! starting or ending. Tickets live in a slab whose slots are reused, so
//! memory follows the tickets in the system, not the tickets simulated;
//! nothing is allocated per event once the heaps and the slab have grown.
//!
//! # Dispatch
//!
//! Tickets with the same team and required skills form a routing *class*:
//! the same agents may take them. Which agents may serve which class is
//! asked of [`routing::route`] once per run (an agent in an ideal state,
//! one ticket of the class); each such agent's [`Fit`] for the class
//! (routing's comparison of team and skill names) is computed then too,
//! so no name is compared per ticket.
//!
//! The agent is always chosen by the production router
//! ([`routing::route_fitted`]: `route` with the fits given). Per class, the
//! engine keeps the agents who may serve it and pass routing's state
//! filters now (status, shift and, in pull mode, capacity:
//! [`routing::passes_state_filters`], which `route` applies), in roster
//! order, as a compact candidate list updated in place whenever an agent's
//! load, shift or last assignment changes; a ticket is routed over its
//! class's list. `route` would reject every agent left out, and breaks its
//! ties by roster order, so it makes the same choice as over the whole
//! roster (a property test checks this against [`routing::assign_batch`],
//! what `triage assign` runs) while looking at a handful of agents who can
//! take the ticket instead of the whole roster; a ticket nobody can take
//! now finds an empty list at once.
//!
//! Waiting tickets are kept in one heap per class, ordered by routing's
//! [`QueueKey`] (priority, SLA due time, age, id). The engine keeps one
//! invariant: **no waiting ticket has an eligible agent with a free slot.**
//! It holds after every event, so:
//!
//! * on arrival, `route` either assigns the ticket or it waits;
//! * when an agent gains room (a service ends, a shift starts), only the
//!   classes that agent can serve can have become routable. The engine
//!   repeatedly takes the first ticket in queue order among the heads of
//!   those classes that have an available agent, and routes it — exactly
//!   what `assign_batch` over the whole queue would do, because tickets of
//!   other classes would be unroutable there, and a ticket it skipped
//!   stays unroutable as agents only fill up.
//!
//! So a freed agent looks at one heap head per class it serves (with one
//! class, the queue head), never at the whole queue. Shift changes at the
//! same instant are applied together before dispatching, as one batch.
//!
//! In push mode the same classes hold only the tickets that found nobody
//! at work when they arrived; every other ticket goes at arrival to the
//! chosen agent's personal queue (a heap in the same queue order), with
//! routing's capacity filter off and `load` counting queued and in-service
//! tickets alike (triage's definition of load: active assigned tickets).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::Exp1;

use super::model::{
    candidates, team_refs, to_micros, to_time, Arrivals, Chooser, Dispatch, Model, Variant,
    DRAIN_LIMIT, SEC,
};
use super::stats::{AgentRep, Counters, RepStats};
use crate::model::{Priority, TicketId};
use crate::routing::{self, Candidate, Fit, LogicalClock, QueueKey, TicketView};
use crate::rules::{RoutingSpec, Strategy};
use crate::sla::Calendar;

/// How a ticket left the simulation (or where it stood when it stopped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Resolved,
    /// Still being worked on when the run stopped.
    InService,
    /// In an agent's personal queue when the run stopped (push).
    Queued,
    /// In the central queue when the run stopped.
    Waiting,
    /// The customer gave up before an agent started.
    Abandoned,
    /// No agent in the roster may ever take it (skills, team, status).
    Unserved,
}

/// One simulated ticket as it left the run, for `--export-tickets`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finished {
    pub id: TicketId,
    pub kind: u16,
    pub priority: Priority,
    pub created: i64,
    /// Index of the agent in the variant's roster.
    pub agent: Option<u16>,
    /// When an agent started on it (the first response).
    pub first_response: Option<i64>,
    pub resolved: Option<i64>,
    pub outcome: Outcome,
}

/// Receives every ticket once, when it leaves the run. Tickets arrive out
/// of id order (in the order they finish).
pub trait Observer {
    fn ticket(&mut self, ticket: &Finished);
}

/// Seeds of the independent random streams of one replication. The ticket
/// stream (arrivals, kinds, priorities, handle times, patience) does not
/// depend on the variant, so every variant of a replication sees the very
/// same tickets (common random numbers); routing's own randomness (the
/// `random` chooser) has a stream of its own.
pub fn stream_seed(seed: u64, replication: u64, stream: u64) -> u64 {
    let mut x = seed
        ^ replication.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

const TICKETS: u64 = 1;
const ROUTING: u64 = 2;

/// Runs replication `replication` of variant `variant`.
pub fn run(
    model: &Model<'_>,
    variant: usize,
    seed: u64,
    replication: u64,
    observer: Option<&mut dyn Observer>,
    progress: &(dyn Fn(f64) + Sync),
) -> RepStats {
    let var = &model.variants[variant];
    let teams = team_refs(var);
    let mut engine = Engine::new(model, var, &teams, seed, replication);
    engine.observer = observer;
    engine.run(progress);
    engine.finish()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EvKind {
    Arrival,
    Shift,
    Departure,
    Abandon,
}

/// A scheduled event. `seq` makes the order total and first-in first-out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    time: i64,
    seq: u64,
    idx: u32,
    gen: u32,
    kind: EvKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Free,
    /// In the central queue of its class.
    Waiting,
    /// In an agent's personal queue (push).
    Queued,
    Serving,
}

const NO_AGENT: u16 = u16::MAX;

/// A ticket in the system.
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: QueueKey,
    arrival: i64,
    fr_due: i64,
    res_due: i64,
    handle: i64,
    start: i64,
    gen: u32,
    kind: u16,
    agent: u16,
    state: State,
    measured: bool,
}

/// Per-agent state that routing does not see.
#[derive(Debug)]
struct AgentRt {
    in_service: u32,
    /// Slot-microseconds in service inside the window.
    busy: i64,
    /// Microseconds at work (status and shift allow work) inside the window.
    present: i64,
    last: i64,
    served: u64,
    /// Status and shift allow work (cached by `sync`).
    at_work: bool,
    personal: BinaryHeap<Reverse<(QueueKey, u32)>>,
}

/// Static facts about a variant's roster, computed once per replication.
struct Prepared {
    /// Classes each agent may ever serve (team and skills).
    classes_of: Vec<Vec<u16>>,
    /// The agent's routing [`Fit`] for each class of `classes_of`, in the
    /// same order: team and skills are compared once per run, not per ticket.
    fits: Vec<Vec<Fit>>,
    /// Whether anyone whose status allows work may serve the class.
    servable: Vec<bool>,
}

/// The agents who may serve one class (team, skills) and pass routing's
/// state filters now, in roster order: what a ticket of the class is
/// routed over. The three lists run in parallel.
#[derive(Clone, Debug, Default)]
struct Available<'a> {
    cands: Vec<Candidate<'a>>,
    /// Each one's fit for the class, for [`routing::route_fitted`].
    fits: Vec<Fit>,
    /// Each one's roster index.
    roster: Vec<u16>,
}

/// The state of one replication.
pub(crate) struct Engine<'a, 'r, 'o> {
    model: &'a Model<'r>,
    var: &'a Variant,
    spec: RoutingSpec,
    prep: Prepared,
    pull: bool,
    now: i64,
    seq: u64,
    events: BinaryHeap<Reverse<Event>>,
    next_arrival: Option<Event>,
    /// The whole roster in roster order: the source of truth for what
    /// routing sees.
    cands: Vec<Candidate<'a>>,
    /// Per class: the agents who may serve it and pass the state filters now.
    avail: Vec<Available<'a>>,
    agents: Vec<AgentRt>,
    clock: LogicalClock,
    slots: Vec<Slot>,
    free: Vec<u32>,
    class_q: Vec<BinaryHeap<Reverse<(QueueKey, u32)>>>,
    scratch: Vec<u16>,
    tickets_rng: StdRng,
    routing_rng: StdRng,
    next_id: TicketId,
    /// Poisson: the slot index and time the next gap is measured from.
    arr_slot: usize,
    arr_t: i64,
    /// Replay: the next record.
    arr_next: usize,
    /// Tickets in any queue (central or personal).
    queued: u32,
    queue_last: i64,
    in_flight: u64,
    stats: Counters,
    observer: Option<&'o mut dyn Observer>,
}

impl<'a, 'r, 'o> Engine<'a, 'r, 'o> {
    pub(crate) fn new(
        model: &'a Model<'r>,
        var: &'a Variant,
        teams: &'a [Vec<&'a str>],
        seed: u64,
        replication: u64,
    ) -> Engine<'a, 'r, 'o> {
        let pull = var.dispatch == Dispatch::Pull;
        let mut spec = var.spec.clone();
        spec.skip_full = pull;
        // Same filters, round-robin chooser: a cheap probe of eligibility.
        let probe = RoutingSpec {
            strategy: Strategy::RoundRobin,
            ..spec.clone()
        };
        let cands = candidates(var, teams);
        let prep = prepare(model, &cands, &probe);
        let agents = (0..cands.len())
            .map(|_| AgentRt {
                in_service: 0,
                busy: 0,
                present: 0,
                last: model.start,
                served: 0,
                at_work: false,
                personal: BinaryHeap::new(),
            })
            .collect();
        let mut engine = Engine {
            model,
            var,
            spec,
            prep,
            pull,
            now: model.start,
            seq: 0,
            events: BinaryHeap::with_capacity(1024),
            next_arrival: None,
            avail: vec![Available::default(); model.classes.len()],
            cands,
            agents,
            clock: LogicalClock::default(),
            slots: Vec::with_capacity(1024),
            free: Vec::with_capacity(1024),
            class_q: (0..model.classes.len())
                .map(|_| BinaryHeap::new())
                .collect(),
            scratch: Vec::new(),
            tickets_rng: StdRng::seed_from_u64(stream_seed(seed, replication, TICKETS)),
            routing_rng: StdRng::seed_from_u64(stream_seed(seed, replication, ROUTING)),
            next_id: 0,
            arr_slot: 0,
            arr_t: model.start,
            arr_next: 0,
            queued: 0,
            queue_last: model.start,
            in_flight: 0,
            stats: Counters {
                waits: Vec::with_capacity(
                    (model.expected_tickets * model.window() as f64
                        / (model.end - model.start).max(1) as f64
                        * 1.01) as usize
                        + 16,
                ),
                ..Counters::default()
            },
            observer: None,
        };
        engine.init();
        engine
    }

    fn init(&mut self) {
        let start = self.model.start;
        for i in 0..self.cands.len() {
            if let Some(cal) = &self.var.agents[i].shift {
                let on = cal.is_working(to_time(start));
                self.cands[i].on_shift = on;
                self.schedule_shift(i, cal, on, start);
            }
            self.shift_changed(i);
        }
        if let Arrivals::Poisson { anchor, slot, .. } = &self.model.arrivals {
            self.arr_slot = ((start - anchor) / slot).max(0) as usize;
        }
        self.schedule_arrival();
    }

    fn push(&mut self, time: i64, kind: EvKind, idx: u32, gen: u32) {
        self.seq += 1;
        self.events.push(Reverse(Event {
            time,
            seq: self.seq,
            idx,
            gen,
            kind,
        }));
    }

    // ---- arrivals ----

    /// The next Poisson arrival after `arr_t`, before the end.
    fn next_poisson(&mut self) -> Option<i64> {
        let Arrivals::Poisson {
            anchor,
            slot,
            rates,
        } = &self.model.arrivals
        else {
            return None;
        };
        let mut need: f64 = self.tickets_rng.sample(Exp1);
        loop {
            let rate = *rates.get(self.arr_slot)?;
            let slot_end = anchor + (self.arr_slot as i64 + 1) * slot;
            let room = (slot_end - self.arr_t) as f64;
            if rate > 0.0 && need <= rate * room {
                let t = (self.arr_t + (need / rate).round() as i64).min(slot_end);
                self.arr_t = t;
                return (t < self.model.end).then_some(t);
            }
            need -= rate * room;
            self.arr_t = slot_end;
            self.arr_slot += 1;
            if self.arr_t >= self.model.end {
                return None;
            }
        }
    }

    fn schedule_arrival(&mut self) {
        let next = match &self.model.arrivals {
            Arrivals::Poisson { .. } => self.next_poisson(),
            Arrivals::Replay(list) => list.get(self.arr_next).map(|&(t, _)| t),
        };
        // One arrival is pending at a time: it waits beside the heap.
        self.next_arrival = next.map(|t| {
            self.seq += 1;
            Event {
                time: t.max(self.now),
                seq: self.seq,
                idx: 0,
                gen: 0,
                kind: EvKind::Arrival,
            }
        });
    }

    fn on_arrival(&mut self) {
        let now = self.now;
        let model = self.model;
        let kind_ix = match &model.arrivals {
            Arrivals::Poisson { .. } => {
                let u: f64 = self.tickets_rng.random();
                model
                    .mix
                    .partition_point(|&c| c <= u)
                    .min(model.kinds.len() - 1)
            }
            Arrivals::Replay(list) => {
                let k = list[self.arr_next].1 as usize;
                self.arr_next += 1;
                k
            }
        };
        let kind = &model.kinds[kind_ix];
        let priority = if kind.priorities.len() == 1 {
            kind.priorities[0].0
        } else {
            let u: f64 = self.tickets_rng.random();
            let i = kind.priorities.partition_point(|&(_, c)| c <= u);
            kind.priorities[i.min(kind.priorities.len() - 1)].0
        };
        let handle = kind.handle.sample(&mut self.tickets_rng);
        let patience = kind
            .patience
            .as_ref()
            .map(|d| d.sample(&mut self.tickets_rng));
        self.schedule_arrival();

        self.next_id += 1;
        let created = to_time(now);
        let (fr, res) = &kind.targets[priority as usize];
        let due_of = |t: &Option<crate::sla::Target<'_>>| {
            t.as_ref()
                .and_then(|t| t.calendar.due(created, t.within, &[]))
        };
        let (fr_at, res_at) = (due_of(fr), due_of(res));
        let fr_due = fr_at.map(to_micros);
        let res_due = res_at.map(to_micros);
        // The earliest open target, as routing's `next_due` takes it.
        let due = match (fr_at, res_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let key = QueueKey {
            priority,
            due,
            created_at: created,
            id: self.next_id,
        };
        let measured = now >= model.warmup_end && now < model.end;
        let slot = Slot {
            key,
            arrival: now,
            fr_due: fr_due.unwrap_or(i64::MAX),
            res_due: res_due.unwrap_or(i64::MAX),
            handle,
            start: 0,
            gen: 0,
            kind: kind_ix as u16,
            agent: NO_AGENT,
            state: State::Waiting,
            measured,
        };
        if measured {
            self.stats.tickets += 1;
        }
        let class = kind.class as usize;
        if !self.prep.servable[class] {
            if measured {
                self.stats.unserved += 1;
                self.stats.fr_total += u64::from(fr.is_some());
                self.stats.res_total += u64::from(res.is_some());
            }
            self.notify(&Finished {
                id: key.id,
                kind: kind_ix as u16,
                priority,
                created: now,
                agent: None,
                first_response: None,
                resolved: None,
                outcome: Outcome::Unserved,
            });
            return;
        }
        let s = self.alloc(slot);
        self.in_flight += 1;
        match self.choose(s) {
            Some(i) if self.pull => self.assign(i, s),
            Some(i) => self.give(i, s),
            None => {
                self.set_queued(self.queued + 1);
                self.class_q[class].push(Reverse((key, s)));
                if let Some(p) = patience {
                    let gen = self.slots[s as usize].gen;
                    self.push(now.saturating_add(p), EvKind::Abandon, s, gen);
                }
                return;
            }
        }
        // Queued in a personal queue (push) the customer may still give up.
        if let (Some(p), State::Queued) = (patience, self.slots[s as usize].state) {
            let gen = self.slots[s as usize].gen;
            self.push(now.saturating_add(p), EvKind::Abandon, s, gen);
        }
    }

    fn alloc(&mut self, mut slot: Slot) -> u32 {
        match self.free.pop() {
            Some(s) => {
                slot.gen = self.slots[s as usize].gen.wrapping_add(1);
                self.slots[s as usize] = slot;
                s
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn release(&mut self, s: u32) {
        self.slots[s as usize].state = State::Free;
        self.free.push(s);
        self.in_flight -= 1;
    }

    fn view(&self, s: u32) -> TicketView<'a> {
        let slot = &self.slots[s as usize];
        let kind = &self.model.kinds[slot.kind as usize];
        TicketView {
            id: slot.key.id,
            priority: slot.key.priority,
            skills: &kind.skills,
            team: kind.team.as_deref(),
            due: slot.key.due,
            created_at: slot.key.created_at,
            exclude_agent: None,
        }
    }

    /// The agent routing picks for ticket `s` among the available agents
    /// of its class, as a roster index.
    fn choose(&mut self, s: u32) -> Option<usize> {
        let view = self.view(s);
        let c = self.model.kinds[self.slots[s as usize].kind as usize].class as usize;
        let list = &self.avail[c];
        let k = match self.var.chooser {
            Chooser::Routing(_) => {
                routing::route_fitted(&view, &list.cands, &list.fits, &self.spec).agent()?
            }
            // Everyone in the list passed the production filters.
            Chooser::Random if list.roster.is_empty() => return None,
            Chooser::Random => self.routing_rng.random_range(0..list.roster.len()),
        };
        Some(list.roster[k] as usize)
    }

    // ---- agents ----

    /// Whether routing's state filters (status, shift, capacity in pull
    /// mode) let the agent take a ticket now: the very filters `route`
    /// applies.
    fn passes_state_filters(&self, i: usize) -> bool {
        routing::passes_state_filters(&self.cands[i], &self.spec)
    }

    /// Whether the agent may work (status and shift, ignoring capacity),
    /// as of the last [`Engine::shift_changed`].
    fn at_work(&self, i: usize) -> bool {
        self.agents[i].at_work
    }

    /// Records a change of the agent's shift (status never changes in a
    /// run): whether it may work now, asked of routing's filters with the
    /// agent idle; then syncs the compact lists.
    fn shift_changed(&mut self, i: usize) {
        let mut idle = self.cands[i];
        idle.load = 0;
        self.agents[i].at_work = routing::passes_state_filters(&idle, &self.spec);
        self.sync(i);
    }

    /// Copies agent `i`'s routing state into the compact lists of the
    /// classes it serves, adding or removing it as its availability changed.
    /// Call after every change to the agent's candidate.
    fn sync(&mut self, i: usize) {
        let want = self.passes_state_filters(i);
        let me = i as u16;
        let classes = self.prep.classes_of[i].iter().zip(&self.prep.fits[i]);
        for (&c, &fit) in classes {
            let list = &mut self.avail[c as usize];
            match list.roster.binary_search(&me) {
                Ok(pos) if want => list.cands[pos] = self.cands[i],
                Ok(pos) => {
                    list.cands.remove(pos);
                    list.fits.remove(pos);
                    list.roster.remove(pos);
                }
                Err(pos) if want => {
                    list.cands.insert(pos, self.cands[i]);
                    list.fits.insert(pos, fit);
                    list.roster.insert(pos, me);
                }
                Err(_) => {}
            }
        }
    }

    /// Adds the time since the agent's last change to its window totals.
    fn accrue(&mut self, i: usize) {
        let (w0, w1) = (self.model.warmup_end, self.model.end);
        let now = self.now;
        let at_work = self.at_work(i);
        let a = &mut self.agents[i];
        let (lo, hi) = (a.last.max(w0), now.min(w1));
        if hi > lo {
            a.busy += (hi - lo) * i64::from(a.in_service);
            if at_work {
                a.present += hi - lo;
            }
        }
        a.last = now;
    }

    fn set_queued(&mut self, to: u32) {
        let (w0, w1) = (self.model.warmup_end, self.model.end);
        let (lo, hi) = (self.queue_last.max(w0), self.now.min(w1));
        if hi > lo {
            self.stats.queue_area += (hi - lo) as f64 * f64::from(self.queued);
            self.stats.queue_max = self.stats.queue_max.max(self.queued);
        }
        self.queue_last = self.now;
        self.queued = to;
    }

    /// Records an assignment the way `assign_batch` does: load + 1 and a
    /// `last_assigned` stamp from the logical clock.
    fn stamp(&mut self, i: usize) {
        let at = self.clock.tick(to_time(self.now));
        let c = &mut self.cands[i];
        c.load += 1;
        c.last_assigned = Some(at);
    }

    /// Pull: assigns ticket `s` to agent `i`, who starts at once.
    fn assign(&mut self, i: usize, s: u32) {
        self.accrue(i);
        self.stamp(i);
        self.agents[i].in_service += 1;
        self.sync(i);
        self.start_service(i, s);
    }

    /// Push: puts ticket `s` in agent `i`'s personal queue.
    fn give(&mut self, i: usize, s: u32) {
        self.stamp(i);
        self.sync(i);
        let slot = &mut self.slots[s as usize];
        slot.state = State::Queued;
        slot.agent = i as u16;
        let key = slot.key;
        self.agents[i].personal.push(Reverse((key, s)));
        self.set_queued(self.queued + 1);
        self.try_start(i);
    }

    /// Push: the agent starts queued tickets while it has free slots.
    fn try_start(&mut self, i: usize) {
        let capacity = self.cands[i].capacity;
        while self.agents[i].in_service < capacity && self.at_work(i) {
            let Some(Reverse((key, s))) = self.agents[i].personal.pop() else {
                break;
            };
            let slot = &self.slots[s as usize];
            if slot.state != State::Queued || slot.key.id != key.id {
                continue;
            }
            self.set_queued(self.queued - 1);
            self.accrue(i);
            self.agents[i].in_service += 1;
            self.start_service(i, s);
        }
    }

    fn start_service(&mut self, i: usize, s: u32) {
        let now = self.now;
        let slot = &mut self.slots[s as usize];
        slot.state = State::Serving;
        slot.agent = i as u16;
        slot.start = now;
        let (handle, gen, measured) = (slot.handle, slot.gen, slot.measured);
        let (arrival, fr_due, kind, priority) =
            (slot.arrival, slot.fr_due, slot.kind, slot.key.priority);
        if measured {
            let wait = now - arrival;
            let st = &mut self.stats;
            st.served += 1;
            st.wait_sum += wait as f64;
            st.waits.push(wait);
            st.waited += u64::from(wait > 0);
            if self.model.kinds[kind as usize].targets[priority as usize]
                .0
                .is_some()
            {
                st.fr_total += 1;
                st.fr_met += u64::from(now <= fr_due);
            }
            self.agents[i].served += 1;
        }
        self.push(now.saturating_add(handle), EvKind::Departure, s, gen);
    }

    fn on_departure(&mut self, s: u32) {
        let now = self.now;
        let slot = self.slots[s as usize];
        let i = slot.agent as usize;
        self.accrue(i);
        self.agents[i].in_service -= 1;
        self.cands[i].load -= 1;
        self.sync(i);
        if slot.measured {
            let st = &mut self.stats;
            st.resolved += 1;
            st.resolution_sum += (now - slot.arrival) as f64;
            if self.model.kinds[slot.kind as usize].targets[slot.key.priority as usize]
                .1
                .is_some()
            {
                st.res_total += 1;
                st.res_met += u64::from(now <= slot.res_due);
            }
        }
        self.notify(&Finished {
            id: slot.key.id,
            kind: slot.kind,
            priority: slot.key.priority,
            created: slot.arrival,
            agent: Some(i as u16),
            first_response: Some(slot.start),
            resolved: Some(now),
            outcome: Outcome::Resolved,
        });
        self.release(s);
        if self.pull {
            self.dispatch_agents(&[i as u16]);
        } else {
            self.try_start(i);
        }
    }

    fn on_abandon(&mut self, s: u32, gen: u32) {
        let slot = self.slots[s as usize];
        if slot.gen != gen || !matches!(slot.state, State::Waiting | State::Queued) {
            return;
        }
        if slot.state == State::Queued {
            let i = slot.agent as usize;
            self.cands[i].load -= 1;
            self.sync(i);
        }
        self.set_queued(self.queued - 1);
        if slot.measured {
            self.stats.abandoned += 1;
        }
        self.notify(&Finished {
            id: slot.key.id,
            kind: slot.kind,
            priority: slot.key.priority,
            created: slot.arrival,
            agent: None,
            first_response: None,
            resolved: None,
            outcome: Outcome::Abandoned,
        });
        self.release(s);
    }

    fn schedule_shift(&mut self, i: usize, cal: &Calendar, on: bool, now: i64) {
        let at = to_time(now);
        let next = if on {
            working_until(cal, at)
        } else {
            cal.next_working(at).map(to_micros)
        };
        if let Some(t) = next.filter(|&t| t > now) {
            self.push(t, EvKind::Shift, i as u32, 0);
        }
    }

    /// Applies every shift change at this instant, then dispatches to the
    /// agents who came on shift.
    fn on_shifts(&mut self, first: u32) {
        let now = self.now;
        let mut changed = std::mem::take(&mut self.scratch);
        changed.clear();
        changed.push(first as u16);
        while let Some(Reverse(e)) = self.events.peek() {
            if e.time != now || e.kind != EvKind::Shift {
                break;
            }
            changed.push(e.idx as u16);
            self.events.pop();
        }
        changed.sort_unstable();
        changed.dedup();
        let var = self.var;
        for &i in &changed {
            let i = i as usize;
            let Some(cal) = &var.agents[i].shift else {
                continue;
            };
            self.accrue(i);
            let on = cal.is_working(to_time(now));
            self.cands[i].on_shift = on;
            self.shift_changed(i);
            self.schedule_shift(i, cal, on, now);
        }
        changed.retain(|&i| self.cands[i as usize].on_shift);
        if !self.pull {
            for &i in &changed {
                self.try_start(i as usize);
            }
        }
        self.dispatch_agents(&changed);
        changed.clear();
        self.scratch = changed;
    }

    /// Routes waiting tickets after `agents` gained room: repeatedly the
    /// first ticket in queue order among the heads of the classes these
    /// agents serve that still have an available agent.
    fn dispatch_agents(&mut self, agents: &[u16]) {
        loop {
            let mut best: Option<(QueueKey, usize, u32)> = None;
            for &a in agents {
                let n = self.prep.classes_of[a as usize].len();
                for j in 0..n {
                    let c = self.prep.classes_of[a as usize][j] as usize;
                    if self.avail[c].roster.is_empty() {
                        continue;
                    }
                    if let Some((key, s)) = self.head(c) {
                        if best.is_none_or(|(b, _, _)| key < b) {
                            best = Some((key, c, s));
                        }
                    }
                }
            }
            let Some((_, c, s)) = best else { break };
            let Some(i) = self.choose(s) else {
                debug_assert!(false, "an available agent serves the class");
                break;
            };
            self.class_q[c].pop();
            self.set_queued(self.queued - 1);
            if self.pull {
                self.assign(i, s);
            } else {
                self.give(i, s);
            }
        }
    }

    /// The first live ticket of a class queue, dropping stale entries.
    fn head(&mut self, c: usize) -> Option<(QueueKey, u32)> {
        while let Some(&Reverse((key, s))) = self.class_q[c].peek() {
            let slot = &self.slots[s as usize];
            if slot.state == State::Waiting && slot.key.id == key.id {
                return Some((key, s));
            }
            self.class_q[c].pop();
        }
        None
    }

    fn notify(&mut self, f: &Finished) {
        if let Some(o) = self.observer.as_mut() {
            o.ticket(f);
        }
    }

    // ---- main loop ----

    fn run(&mut self, progress: &(dyn Fn(f64) + Sync)) {
        let span = (self.model.end - self.model.start).max(1) as f64;
        let mut reported = 0.0;
        let mut count: u32 = 0;
        let limit = self.model.end.saturating_add(DRAIN_LIMIT);
        loop {
            let e = match (self.next_arrival, self.events.peek()) {
                (Some(a), Some(Reverse(h))) if a < *h => self.next_arrival.take(),
                (Some(_), None) => self.next_arrival.take(),
                (_, Some(_)) => self.events.pop().map(|Reverse(e)| e),
                (None, None) => None,
            };
            let Some(e) = e else { break };
            if e.time > limit {
                break;
            }
            self.now = e.time;
            match e.kind {
                EvKind::Arrival => self.on_arrival(),
                EvKind::Departure => self.on_departure(e.idx),
                EvKind::Abandon => self.on_abandon(e.idx, e.gen),
                EvKind::Shift => self.on_shifts(e.idx),
            }
            if self.now >= self.model.end && self.in_flight == 0 {
                break;
            }
            count = count.wrapping_add(1);
            if count & 0xFFFF == 0 {
                let done = ((self.now - self.model.start) as f64 / span).clamp(0.0, 1.0);
                progress(done - reported);
                reported = done;
            }
        }
        progress(1.0 - reported);
    }

    pub(crate) fn finish(mut self) -> RepStats {
        let model = self.model;
        self.now = self.now.max(model.end);
        for i in 0..self.cands.len() {
            self.accrue(i);
        }
        self.set_queued(self.queued);
        // Tickets still in the system when the run stopped.
        for s in 0..self.slots.len() {
            let slot = self.slots[s];
            let outcome = match slot.state {
                State::Free => continue,
                State::Waiting => Outcome::Waiting,
                State::Queued => Outcome::Queued,
                State::Serving => Outcome::InService,
            };
            let targets = &model.kinds[slot.kind as usize].targets[slot.key.priority as usize];
            if slot.measured {
                if outcome != Outcome::InService {
                    self.stats.unserved += 1;
                    self.stats.fr_total += u64::from(targets.0.is_some());
                }
                self.stats.res_total += u64::from(targets.1.is_some());
            }
            let started = outcome == Outcome::InService;
            self.notify(&Finished {
                id: slot.key.id,
                kind: slot.kind,
                priority: slot.key.priority,
                created: slot.arrival,
                agent: (slot.agent != NO_AGENT).then_some(slot.agent),
                first_response: started.then_some(slot.start),
                resolved: None,
                outcome,
            });
        }
        let agents = self
            .agents
            .iter()
            .zip(&self.cands)
            .map(|(a, c)| AgentRep {
                served: a.served,
                utilisation: (a.present > 0)
                    .then(|| a.busy as f64 / (a.present as f64 * f64::from(c.capacity.max(1)))),
            })
            .collect();
        RepStats::from_counters(self.stats, agents, model.window())
    }
}

/// Which classes each agent may serve — asked of `route` with the agent in
/// an ideal state (online, on shift, idle), so only team and skills count —
/// and which classes someone whose status allows work may serve.
fn prepare(model: &Model<'_>, cands: &[Candidate<'_>], probe: &RoutingSpec) -> Prepared {
    let mut classes_of = vec![Vec::new(); cands.len()];
    let mut fits = vec![Vec::new(); cands.len()];
    let mut servable = vec![false; model.classes.len()];
    for (c, class) in model.classes.iter().enumerate() {
        let view = TicketView {
            id: 0,
            priority: Priority::P3,
            skills: &class.skills,
            team: class.team.as_deref(),
            due: None,
            created_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
            exclude_agent: None,
        };
        for (i, cand) in cands.iter().enumerate() {
            let mut ideal = *cand;
            ideal.status = crate::rules::AgentStatus::Online;
            ideal.on_shift = true;
            ideal.load = 0;
            if routing::route(&view, std::slice::from_ref(&ideal), probe)
                .agent()
                .is_some()
            {
                classes_of[i].push(c as u16);
                fits[i].push(Fit::of(cand, &view));
                let mut real = *cand;
                real.on_shift = true;
                real.load = 0;
                if routing::passes_state_filters(&real, probe) {
                    servable[c] = true;
                }
            }
        }
    }
    Prepared {
        classes_of,
        fits,
        servable,
    }
}

/// The first instant after `at` at which a calendar that is working at
/// `at` stops working, found by bisection on `elapsed` (a span is all
/// working time exactly when its business time equals its length). `None`
/// when it works for a year without a break (24x7).
pub fn working_until(cal: &Calendar, at: chrono::DateTime<chrono::Utc>) -> Option<i64> {
    use crate::duration::Duration;
    // The calendar counts whole seconds; start from the second containing `at`.
    let base = at.timestamp();
    let at_sec = chrono::DateTime::from_timestamp(base, 0)?;
    let whole_from = |secs: i64| {
        let end = at_sec + chrono::TimeDelta::seconds(secs);
        cal.elapsed(at_sec, end, &[]) == Duration::from_secs(secs)
    };
    let year = 366 * 86_400;
    if whole_from(year) {
        return None;
    }
    let (mut lo, mut hi) = (0i64, 1i64);
    while whole_from(hi) {
        lo = hi;
        hi *= 2;
    }
    hi = hi.min(year);
    // Invariant: [at, at+lo) all working, [at, at+hi) not.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if whole_from(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((base + lo) * SEC)
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
