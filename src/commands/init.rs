//! `triage init`: a commented starter rule file and an empty database.

use std::io::Write;
use std::os::unix::fs::DirBuilderExt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{default_rules_path, Ctx};
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::outfile::OutFile;
use crate::rules::{starter_rules_in, Rules};

pub fn run(ctx: &mut Ctx, args: &InitArgs) -> Result<()> {
    let path = args
        .output
        .clone()
        .or_else(|| ctx.rules_file())
        .unwrap_or_else(default_rules_path);
    if path.exists() && !args.force {
        return Err(Error::data(format!(
            "{} already exists: pass --force to overwrite it",
            path.display()
        )));
    }
    let (zone, zone_from) = machine_zone();
    let starter = starter_rules_in(zone);
    // The starter must always be valid; a failure here is a bug, not bad input.
    let rules = Rules::parse(&starter, "starter rules")?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    let mut file = OutFile::create(&path)?;
    file.write_all(starter.as_bytes())
        .map_err(|e| file.write_error(e))?;
    file.commit()?;
    let store = ctx.open_store()?;
    store.commit()?;
    drop(store);
    let now = ctx.now()?;
    ctx.say(format!(
        "wrote {} (time zone {zone}, {zone_from})\ndatabase ready at {}\n{}",
        path.display(),
        crate::store::display_location(&ctx.db_path),
        shifts_now(&rules, now)
    ));
    if args.output.is_some() && ctx.rules_file().as_deref() != Some(path.as_path()) {
        ctx.say(format!(
            "use it with --rules {} or TRIAGE_RULES",
            path.display()
        ));
    }
    Ok(())
}

/// The zone this machine shows local time in, and where that came from:
/// `TZ` when it names an IANA zone (`Europe/Berlin`, `:Europe/Berlin`),
/// else the system's (`/etc/localtime`), else UTC. A POSIX rule such as
/// `CET-1CEST` names no zone a rule file can hold, so it is passed over.
fn machine_zone() -> (Tz, &'static str) {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse::<Tz>().ok());
    if let Some(zone) = from_env {
        return (zone, "from TZ");
    }
    match iana_time_zone::get_timezone().map(|name| name.parse::<Tz>()) {
        Ok(Ok(zone)) => (zone, "the system's"),
        _ => (chrono_tz::UTC, "the system names none: change `timezone:`"),
    }
}

/// One line per shift calendar: who is on shift at `now`, and when an
/// empty one opens. Routing leaves tickets queued while nobody matching is
/// on shift, which is the first thing a new user meets in the evening.
fn shifts_now(rules: &Rules, now: DateTime<Utc>) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&rules.zone).format("%a %H:%M");
    let mut on = Vec::new();
    let mut off = Vec::new();
    for agent in &rules.file.agents {
        let calendar = rules.calendar_or_always(agent.shift.as_ref());
        if calendar.is_working(now) {
            on.push(agent.id.to_string());
        } else {
            let opens = calendar
                .next_working(now)
                .map_or_else(|| "never".to_string(), |t| local(t).to_string());
            off.push(format!("{} (from {opens})", agent.id));
        }
    }
    let mut text = format!("now, {}: ", local(now));
    if on.is_empty() {
        text.push_str("nobody is on shift");
    } else {
        text.push_str(&format!("on shift: {}", on.join(", ")));
    }
    if !off.is_empty() {
        text.push_str(&format!("; off shift: {}", off.join(", ")));
    }
    if on.is_empty() && rules.file.routing.respect_shifts {
        text.push_str(
            "\nuntil a shift starts, `triage assign` leaves tickets queued and says so; \
             set `routing.respect_shifts: false` to route whatever the hour",
        );
    }
    text
}
