//! `triage completions SHELL` and `triage man`, generated from the clap
//! definitions so they never drift from the real flags.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Ctx;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{Error, Result};

pub fn completions(ctx: &mut Ctx, args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "triage", &mut ctx.out);
    Ok(())
}

/// Writes `triage.1` and one page per subcommand (`triage-create.1`, ...) into `dir`.
pub fn write_man_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let command = Cli::command();
    clap_mangen::generate_to(command, dir)
}

pub fn man(ctx: &mut Ctx, args: &ManArgs) -> Result<()> {
    match &args.out_dir {
        Some(dir) => {
            write_man_pages(dir)
                .map_err(|e| Error::io(format!("writing man pages to {}", dir.display()), e))?;
            ctx.say(format!("man pages written to {}", dir.display()));
        }
        None => {
            let page = clap_mangen::Man::new(Cli::command());
            let mut buffer = Vec::new();
            page.render(&mut buffer)?;
            ctx.out.write_all(&buffer)?;
        }
    }
    Ok(())
}
