//! Progress on stderr for commands that can run for seconds: shown only
//! when stderr is a terminal and the command is not `--quiet`, cleared
//! when the work is done, rates in whole numbers. Every command builds
//! its bar here, so they all look alike.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

fn shown(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("a valid progress template")
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        )
        .progress_chars("=> ")
}

/// A bar counting `unit`s (rows, tickets) towards `total`.
pub fn counter(total: u64, unit: &str, quiet: bool) -> Option<ProgressBar> {
    shown(quiet).then(|| {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(count_style(unit));
        bar
    })
}

/// The style of [`counter`], for a bar that started as a [`spinner`].
pub fn count_style(unit: &str) -> ProgressStyle {
    style(&format!(
        "{{bar:40}} {{human_pos}}/{{human_len}} {unit}  {{rate}}  ETA {{eta}}"
    ))
}

/// A bar over the bytes of a file of `total` bytes (or a running count
/// of bytes when the size is unknown: stdin, an output stream).
pub fn bytes(total: Option<u64>, what: &str, quiet: bool) -> Option<ProgressBar> {
    shown(quiet).then(|| {
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        bar.set_style(match total {
            Some(_) => style(&format!(
                "{what} {{bar:40}} {{bytes}}/{{total_bytes}}  {{bytes_per_sec}}  ETA {{eta}}"
            )),
            None => style(&format!("{{spinner}} {what} {{bytes}}  {{bytes_per_sec}}")),
        });
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    })
}

/// A spinner with what is being done and the time it has taken, for work
/// whose size is not known in advance.
pub fn spinner(message: &str, quiet: bool) -> Option<ProgressBar> {
    shown(quiet).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(style("{spinner} {msg} {elapsed}"));
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    })
}
