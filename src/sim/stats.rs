//! What one replication measured, and the estimates over replications:
//! the mean of each metric with a 95% confidence interval from Student's t.
//!
//! Each replication is one independent observation of every metric (its
//! own mean wait, its own p90, ...), so the interval of a metric is
//! `mean ± t(0.975, R−1) × s / √R` over the R replications' values. It says
//! how far the simulated long-run value may be from the average of these
//! replications; it does not cover the modelling assumptions.

use crate::metrics::percentile_nearest_rank;

use super::model::SEC;

/// Raw counts of one replication, filled by the engine.
#[derive(Clone, Debug, Default)]
pub struct Counters {
    /// Measured arrivals (in the window after warm-up).
    pub tickets: u64,
    pub served: u64,
    /// Served tickets that had to wait at all.
    pub waited: u64,
    pub abandoned: u64,
    pub unserved: u64,
    /// Sum of waits of served tickets, µs.
    pub wait_sum: f64,
    /// Waits of served tickets, µs.
    pub waits: Vec<i64>,
    pub fr_total: u64,
    pub fr_met: u64,
    pub res_total: u64,
    pub res_met: u64,
    pub resolved: u64,
    /// Sum of arrival-to-resolution times, µs.
    pub resolution_sum: f64,
    /// Integral of the queue length over the window, ticket·µs.
    pub queue_area: f64,
    pub queue_max: u32,
}

/// How a metric is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Secs,
    Percent,
    Number,
}

/// One output column.
#[derive(Clone, Copy, Debug)]
pub struct MetricDef {
    /// Machine name (CSV/JSON key), with its unit.
    pub key: &'static str,
    /// Table header.
    pub header: &'static str,
    pub unit: Unit,
}

/// The metrics of a variant, in output order.
pub const METRICS: [MetricDef; 16] = [
    MetricDef {
        key: "tickets",
        header: "Tickets",
        unit: Unit::Count,
    },
    MetricDef {
        key: "wait_mean_secs",
        header: "Wait mean",
        unit: Unit::Secs,
    },
    MetricDef {
        key: "wait_p50_secs",
        header: "Wait p50",
        unit: Unit::Secs,
    },
    MetricDef {
        key: "wait_p90_secs",
        header: "Wait p90",
        unit: Unit::Secs,
    },
    MetricDef {
        key: "wait_p99_secs",
        header: "Wait p99",
        unit: Unit::Secs,
    },
    MetricDef {
        key: "first_response_met_pct",
        header: "1st resp. met",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "resolution_met_pct",
        header: "Resol. met",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "resolution_mean_secs",
        header: "Resol. mean",
        unit: Unit::Secs,
    },
    MetricDef {
        key: "utilisation_mean_pct",
        header: "Util. mean",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "utilisation_min_pct",
        header: "Util. min",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "utilisation_max_pct",
        header: "Util. max",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "queue_max",
        header: "Max queue",
        unit: Unit::Count,
    },
    MetricDef {
        key: "abandoned_pct",
        header: "Abandoned",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "waited_pct",
        header: "Waited",
        unit: Unit::Percent,
    },
    MetricDef {
        key: "queue_mean",
        header: "Mean queue",
        unit: Unit::Number,
    },
    MetricDef {
        key: "unserved",
        header: "Unserved",
        unit: Unit::Count,
    },
];

/// Indexes into [`METRICS`].
pub mod m {
    pub const TICKETS: usize = 0;
    pub const WAIT_MEAN: usize = 1;
    pub const WAIT_P50: usize = 2;
    pub const WAIT_P90: usize = 3;
    pub const WAIT_P99: usize = 4;
    pub const FR_MET: usize = 5;
    pub const RES_MET: usize = 6;
    pub const RESOLUTION_MEAN: usize = 7;
    pub const UTIL_MEAN: usize = 8;
    pub const UTIL_MIN: usize = 9;
    pub const UTIL_MAX: usize = 10;
    pub const QUEUE_MAX: usize = 11;
    pub const ABANDONED: usize = 12;
    pub const WAITED: usize = 13;
    pub const QUEUE_MEAN: usize = 14;
    pub const UNSERVED: usize = 15;
}

/// One agent in one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentRep {
    /// Measured tickets the agent started.
    pub served: u64,
    /// Busy slot-time / (capacity × time at work) in the window; `None`
    /// when the agent never worked in the window.
    pub utilisation: Option<f64>,
}

/// The metrics of one replication. `None` where a metric has no value
/// (no served tickets, no SLA target, nobody at work).
#[derive(Clone, Debug, PartialEq)]
pub struct RepStats {
    pub values: [Option<f64>; METRICS.len()],
    pub agents: Vec<AgentRep>,
}

fn pct(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| 100.0 * num as f64 / den as f64)
}

impl RepStats {
    pub fn from_counters(mut c: Counters, agents: Vec<AgentRep>, window: i64) -> RepStats {
        let secs = |us: f64| us / SEC as f64;
        c.waits.sort_unstable();
        let pctl = |p: f64| percentile_nearest_rank(&c.waits, p).map(|w| secs(w as f64));
        let utils: Vec<f64> = agents.iter().filter_map(|a| a.utilisation).collect();
        let mut v = [None; METRICS.len()];
        v[m::TICKETS] = Some(c.tickets as f64);
        v[m::WAIT_MEAN] = (c.served > 0).then(|| secs(c.wait_sum / c.served as f64));
        v[m::WAIT_P50] = pctl(50.0);
        v[m::WAIT_P90] = pctl(90.0);
        v[m::WAIT_P99] = pctl(99.0);
        v[m::FR_MET] = pct(c.fr_met, c.fr_total);
        v[m::RES_MET] = pct(c.res_met, c.res_total);
        v[m::RESOLUTION_MEAN] =
            (c.resolved > 0).then(|| secs(c.resolution_sum / c.resolved as f64));
        if !utils.is_empty() {
            v[m::UTIL_MEAN] = Some(100.0 * utils.iter().sum::<f64>() / utils.len() as f64);
            v[m::UTIL_MIN] = Some(100.0 * utils.iter().copied().fold(f64::INFINITY, f64::min));
            v[m::UTIL_MAX] = Some(100.0 * utils.iter().copied().fold(0.0, f64::max));
        }
        v[m::QUEUE_MAX] = Some(f64::from(c.queue_max));
        v[m::ABANDONED] = pct(c.abandoned, c.tickets);
        v[m::WAITED] = pct(c.waited, c.served);
        v[m::QUEUE_MEAN] = (window > 0).then(|| c.queue_area / window as f64);
        v[m::UNSERVED] = Some(c.unserved as f64);
        RepStats { values: v, agents }
    }
}

/// A mean over replications with the half-width of its 95% confidence
/// interval (`None` with fewer than two values).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: Option<f64>,
    pub half_width: Option<f64>,
    /// Replications that had a value.
    pub n: usize,
}

impl Estimate {
    /// The estimate from the replications' values (`None`s skipped).
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> Estimate {
        let xs: Vec<f64> = values.into_iter().flatten().collect();
        let n = xs.len();
        if n == 0 {
            return Estimate {
                mean: None,
                half_width: None,
                n,
            };
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        let half_width = (n > 1).then(|| {
            let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
            t_975(n - 1) * (var / n as f64).sqrt()
        });
        Estimate {
            mean: Some(mean),
            half_width,
            n,
        }
    }

    /// Whether `x` lies inside the interval (a single value has none).
    pub fn covers(&self, x: f64) -> bool {
        match (self.mean, self.half_width) {
            (Some(m), Some(h)) => (x - m).abs() <= h,
            _ => false,
        }
    }
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom: exact
/// table values up to 30, then the Cornish–Fisher expansion around the
/// normal quantile (error below 1e-4).
pub fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if df == 0 {
        return f64::INFINITY;
    }
    if df <= TABLE.len() {
        return TABLE[df - 1];
    }
    let z: f64 = 1.959_963_984_540_054;
    let n = df as f64;
    let z3 = z * z * z;
    let z5 = z3 * z * z;
    z + (z3 + z) / (4.0 * n) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
}

/// Every metric of a variant over its replications.
#[derive(Clone, Debug)]
pub struct Summary {
    pub metrics: [Estimate; METRICS.len()],
    /// Per agent: tickets started and utilisation.
    pub agents: Vec<(Estimate, Estimate)>,
    pub replications: usize,
}

impl Summary {
    pub fn of(reps: &[RepStats]) -> Summary {
        let metrics = std::array::from_fn(|k| Estimate::of(reps.iter().map(|r| r.values[k])));
        let n_agents = reps.first().map_or(0, |r| r.agents.len());
        let agents = (0..n_agents)
            .map(|a| {
                (
                    Estimate::of(reps.iter().map(|r| Some(r.agents[a].served as f64))),
                    Estimate::of(
                        reps.iter()
                            .map(|r| r.agents[a].utilisation.map(|u| 100.0 * u)),
                    ),
                )
            })
            .collect();
        Summary {
            metrics,
            agents,
            replications: reps.len(),
        }
    }
}

/// Every metric's difference `other − base` between two variants, with
/// its 95% confidence interval, paired by replication: replication *r* of
/// every variant sees the same tickets (common random numbers), so the
/// interval comes from the R per-replication differences. It is far
/// narrower than the two variants' own intervals suggest, and when it does
/// not contain zero the variants differ. A replication where either
/// variant has no value for a metric is left out of that metric.
pub fn paired_differences(base: &[RepStats], other: &[RepStats]) -> [Estimate; METRICS.len()] {
    std::array::from_fn(|k| {
        Estimate::of(
            base.iter()
                .zip(other)
                .map(|(a, b)| Some(b.values[k]? - a.values[k]?)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reps(values: &[f64]) -> Vec<RepStats> {
        values
            .iter()
            .map(|&v| {
                let mut values = [None; METRICS.len()];
                values[m::WAIT_MEAN] = Some(v);
                RepStats {
                    values,
                    agents: Vec::new(),
                }
            })
            .collect()
    }

    #[test]
    fn differences_are_paired_by_replication() {
        // Replications vary a lot, B is always exactly 1 less: separate
        // intervals overlap, the paired one is exact.
        let a = reps(&[10.0, 20.0, 30.0, 40.0]);
        let b = reps(&[9.0, 19.0, 29.0, 39.0]);
        let d = paired_differences(&a, &b)[m::WAIT_MEAN];
        assert_eq!((d.mean, d.half_width, d.n), (Some(-1.0), Some(0.0), 4));
        let (ea, eb) = (
            Estimate::of(a.iter().map(|r| r.values[m::WAIT_MEAN])),
            Estimate::of(b.iter().map(|r| r.values[m::WAIT_MEAN])),
        );
        assert!(ea.half_width.unwrap() > 10.0 && eb.covers(ea.mean.unwrap()));
        // Noisy differences: the t interval of the differences.
        let b = reps(&[9.0, 21.0, 28.0, 41.0]);
        let d = paired_differences(&a, &b)[m::WAIT_MEAN];
        let e = Estimate::of([-1.0, 1.0, -2.0, 1.0].map(Some));
        assert_eq!(d, e);
        assert!(d.covers(0.0));
        // A metric without values has no difference.
        assert_eq!(paired_differences(&a, &b)[m::FR_MET].mean, None);
    }

    #[test]
    fn t_quantiles_are_close_to_the_tables() {
        assert_eq!(t_975(1), 12.706);
        assert_eq!(t_975(30), 2.042);
        assert!((t_975(40) - 2.021).abs() < 1e-3, "{}", t_975(40));
        assert!((t_975(120) - 1.980).abs() < 1e-3, "{}", t_975(120));
        assert!((t_975(100_000) - 1.960).abs() < 1e-3);
    }

    #[test]
    fn estimate_has_no_interval_for_one_value() {
        let e = Estimate::of([Some(3.0)]);
        assert_eq!((e.mean, e.half_width, e.n), (Some(3.0), None, 1));
        let e = Estimate::of([Some(1.0), None, Some(3.0)]);
        assert_eq!(e.mean, Some(2.0));
        // s = √2, t(1) = 12.706: 12.706 × √2 / √2
        assert!((e.half_width.unwrap() - 12.706).abs() < 1e-9);
        assert!(e.covers(14.0) && !e.covers(15.0));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let c = Counters {
            served: 10,
            tickets: 10,
            waits: (1..=10).rev().map(|s| s * SEC).collect(),
            wait_sum: 55.0 * SEC as f64,
            ..Counters::default()
        };
        let r = RepStats::from_counters(c, Vec::new(), 0);
        assert_eq!(r.values[m::WAIT_P50], Some(5.0));
        assert_eq!(r.values[m::WAIT_P90], Some(9.0));
        assert_eq!(r.values[m::WAIT_P99], Some(10.0));
        assert_eq!(r.values[m::WAIT_MEAN], Some(5.5));
        assert_eq!(r.values[m::UTIL_MEAN], None);
    }
}
