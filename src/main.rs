//! The `triage` binary: parse, run, map the error to an exit code. The
//! store is flushed and dropped inside each command before we return here.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

use triage::cli::Cli;
use triage::commands::{self, Ctx};
use triage::error::Error;

/// mimalloc for everyday blocks: a batch import builds tickets on one
/// thread and writes them on another, and glibc's allocator serialises
/// those cross-thread frees on an arena lock. Large blocks go to the
/// system allocator: for a zeroed one it maps fresh pages, which the
/// kernel has already zeroed and only faults in when touched, where
/// mimalloc writes zeros over all of it. sled's page table alone is
/// megabytes of zeros on every open, most never touched: with mimalloc
/// that was 40% of a `create`'s page faults.
struct Allocator;

/// Blocks from this size on come from the system allocator (glibc maps
/// them itself from 128 KiB).
const LARGE: usize = 256 << 10;

// SAFETY: every block goes to and comes back from the allocator its
// layout's size selects, and a reallocation that crosses the threshold
// moves the block between them.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            System.alloc(layout)
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            System.alloc_zeroed(layout)
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE {
            System.dealloc(ptr, layout)
        } else {
            mimalloc::MiMalloc.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (layout.size() >= LARGE, new_size >= LARGE) {
            (true, true) => System.realloc(ptr, layout, new_size),
            (false, false) => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
            _ => {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
}

#[global_allocator]
static GLOBAL: Allocator = Allocator;

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
