//! The `triage` binary: parse, run, map the error to an exit code. The
//! store is flushed and dropped inside each command before we return here.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

use triage::cli::Cli;
use triage::commands::{self, Ctx};
use triage::error::Error;

/// A batch import builds tickets on one thread and writes them on another;
/// glibc's allocator serialises those cross-thread frees on an arena lock.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Files we create (database, lock, rule file, exports) hold customers'
    // personal data: private by default.
    unsafe {
        libc::umask(0o077);
    }
    let cli = Cli::parse();
    let stdout = BufWriter::new(std::io::stdout().lock());
    let result = Ctx::new(&cli.global, Box::new(stdout)).and_then(|mut ctx| {
        let outcome = commands::run(cli.command, &mut ctx);
        let flushed = ctx.out.flush().map_err(Error::from);
        outcome.and(flushed)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote file contents and ticket data: no escape sequences through.
            eprintln!("triage: {}", triage::terminal::block(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
