//! `triage init`: a commented starter rule file and an empty database.

use std::io::Write;
use std::os::unix::fs::DirBuilderExt;

use super::{default_rules_path, Ctx};
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::outfile::OutFile;
use crate::rules::{Rules, STARTER_RULES};

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
    // The starter must always be valid; a failure here is a bug, not bad input.
    Rules::parse(STARTER_RULES, "starter rules")?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    let mut file = OutFile::create(&path)?;
    file.write_all(STARTER_RULES.as_bytes())
        .map_err(|e| file.write_error(e))?;
    file.commit()?;
    let store = ctx.open_store()?;
    store.commit()?;
    drop(store);
    ctx.say(format!(
        "wrote {}\ndatabase ready at {}",
        path.display(),
        crate::store::display_location(&ctx.db_path)
    ));
    if args.output.is_some() && ctx.rules_file().as_deref() != Some(path.as_path()) {
        ctx.say(format!(
            "use it with --rules {} or TRIAGE_RULES",
            path.display()
        ));
    }
    Ok(())
}
