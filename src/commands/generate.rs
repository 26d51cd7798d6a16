//! `triage completions SHELL` and `triage man`, generated from the clap
//! definitions so they never drift from the real flags.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Ctx;
use crate::cli::{Cli, CompletionsArgs, ManArgs, ENVIRONMENT, EXIT_STATUS};
use crate::error::{Error, Result};
use crate::outfile::OutFile;

pub fn completions(ctx: &mut Ctx, args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    // clap_complete panics when its writer fails (`completions bash | head`):
    // render into memory, then write, so a closed pipe is the usual quiet exit.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "triage", &mut script);
    ctx.out.write_all(&script)?;
    Ok(())
}

/// Writes `triage.1` and one page per subcommand (`triage-create.1`, ...)
/// into `dir`, each through [`OutFile`] like every file triage writes.
pub fn write_man_pages(dir: &Path) -> std::io::Result<()> {
    fn write_tree(command: clap::Command, dir: &Path) -> std::io::Result<()> {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            write_tree(sub.clone(), dir)?;
        }
        let page = clap_mangen::Man::new(command);
        let mut file = OutFile::create(&dir.join(page.get_filename()))?;
        page.render(&mut file)?;
        file.write_all(extra_sections().as_bytes())?;
        file.commit()?;
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    // As clap_mangen::generate_to does: no `help` page, built once.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    write_tree(command, dir)
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
            buffer.extend_from_slice(extra_sections().as_bytes());
            ctx.out.write_all(&buffer)?;
        }
    }
    Ok(())
}

/// ENVIRONMENT and EXIT STATUS, which clap_mangen does not write, in roff.
fn extra_sections() -> String {
    fn escape(text: &str) -> String {
        text.replace('\\', "\\e").replace('-', "\\-")
    }
    let mut roff = String::from(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(name),
            escape(meaning)
        ));
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_STATUS {
        roff.push_str(&format!(".TP\n{code}\n{}\n", escape(meaning)));
    }
    roff
}
