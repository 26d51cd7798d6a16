//! The process lock: every command takes an exclusive lock on `triage.lock`
//! in the database directory before it opens sled (which would fail at once
//! on a second opener), waiting up to `--wait`, and records its pid there so
//! a waiting process can say who holds it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration as StdDuration, Instant};

pub enum LockError {
    Busy { pid: String, waited: StdDuration },
    Io(std::io::Error),
}

/// Takes the exclusive lock, polling until `wait` runs out, then records
/// our pid in the file so a waiting process can say who holds it.
pub fn acquire_lock(path: &Path, wait: StdDuration) -> std::result::Result<File, LockError> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(LockError::Io)?;
    let started = Instant::now();
    let mut pause = StdDuration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                let waited = started.elapsed();
                if waited >= wait {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    let pid = pid.trim().to_string();
                    let pid = if pid.is_empty() {
                        "unknown".to_string()
                    } else {
                        pid
                    };
                    return Err(LockError::Busy { pid, waited });
                }
                std::thread::sleep(
                    pause
                        .min(wait.saturating_sub(waited))
                        .max(StdDuration::from_millis(1)),
                );
                pause = (pause * 2).min(StdDuration::from_millis(10));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
    let mut record = || -> std::io::Result<()> {
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        write!(file, "{}", std::process::id())?;
        file.flush()
    };
    record().map_err(LockError::Io)?;
    Ok(file)
}
