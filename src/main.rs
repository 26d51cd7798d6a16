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
    // Transparent huge pages make the kernel zero 2 MiB at the first touch
    // of any of them: most of a short command's system time, and memory it
    // never uses. A command's heap does better with ordinary pages.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
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
