//! `simulate`: a discrete-event simulation of the support desk that routes
//! with the production [`crate::routing`] module and measures against the
//! production [`crate::sla`] targets. Pure and seeded: the same model,
//! seed and replication count give the same numbers, on any number of
//! threads.
//!
//! * [`scenario`] reads a scenario file and compiles it with the rule file
//!   (and, for replay and empirical handle times, the database's history)
//!   into a [`model::Model`].
//! * [`engine`] runs one replication of one variant.
//! * [`stats`] turns replications into means with 95% confidence intervals.
//! * [`synth`] makes up the text of exported tickets.
//!
//! The model, its assumptions and every metric are described in
//! `docs/simulation.md`.

pub mod engine;
pub mod model;
pub mod scenario;
pub mod stats;
pub mod synth;

#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub use engine::{Finished, Observer, Outcome};
pub use model::{Chooser, Dispatch, Model};
pub use stats::{Estimate, RepStats, Summary, METRICS};

/// Runs `replications` replications of every variant on up to `threads`
/// threads. Replication `r` of every variant uses the same random streams
/// (common random numbers), so variants differ only by what they change.
/// The result is indexed `[variant][replication]` and does not depend on
/// the number of threads. `export`, if given, sees every ticket of the
/// first replication of the first variant. `progress` receives the share of
/// one replication done since its last call.
pub fn run_all(
    model: &Model<'_>,
    replications: u32,
    seed: u64,
    threads: usize,
    export: Option<&mut (dyn Observer + Send)>,
    progress: &(dyn Fn(f64) + Sync),
) -> Vec<Vec<RepStats>> {
    let variants = model.variants.len();
    let jobs = variants * replications as usize;
    let results: Vec<Mutex<Option<RepStats>>> = (0..jobs).map(|_| Mutex::new(None)).collect();
    let export = Mutex::new(export);
    let next = AtomicUsize::new(0);
    let work = || loop {
        let j = next.fetch_add(1, Ordering::Relaxed);
        if j >= jobs {
            break;
        }
        let (rep, variant) = (j / variants, j % variants);
        let mut observer = if j == 0 {
            export.lock().expect("export lock").take()
        } else {
            None
        };
        let stats = engine::run(
            model,
            variant,
            seed,
            rep as u64,
            observer.as_mut().map(|o| &mut **o as &mut dyn Observer),
            progress,
        );
        *results[j].lock().expect("result lock") = Some(stats);
    };
    let threads = threads.clamp(1, jobs.max(1));
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    let mut out: Vec<Vec<RepStats>> = (0..variants).map(|_| Vec::new()).collect();
    for (j, cell) in results.into_iter().enumerate() {
        let stats = cell
            .into_inner()
            .expect("result lock")
            .expect("every job ran");
        out[j % variants].push(stats);
    }
    out
}
