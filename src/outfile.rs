//! Files written for the user (`export --out`, `backup create --out`,
//! `report --out` and `--out-dir`, `import --rejects`): all through
//! [`OutFile`], so they all behave alike.
//!
//! - **Whole or nothing.** The data goes to a temporary file in the target's
//!   directory, is synced, and is renamed over the target only when
//!   complete: a killed command, a full disk or an error never leaves a
//!   half (or empty) file under the real name.
//! - **No planted links.** The temporary file is created with
//!   `O_CREAT|O_EXCL|O_NOFOLLOW` under an unpredictable name, so a symlink
//!   or file someone placed there is never opened; another name is tried.
//! - **Only regular files are replaced.** A target that is a symlink, a
//!   directory, a device (`/dev/full`), a FIFO or a socket is refused:
//!   renaming over it would replace a device node or a link the user meant
//!   to keep.
//! - **Private.** Created 0600: these files hold customers' personal data.
//! - **No litter.** The temporary file is removed on error; one left by a
//!   killed run (its process is gone) is removed by the next run writing the
//!   same target.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// How many unpredictable temporary names are tried before giving up (each
/// is refused only if something already exists under it).
const NAME_ATTEMPTS: usize = 16;

/// Why an output file could not be written.
#[derive(Debug)]
pub enum OutFileError {
    /// The target is not something triage may replace (the message says
    /// what it is and what was expected).
    Refused { path: PathBuf, reason: String },
    /// The operating system refused a step.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl OutFileError {
    fn io(path: &Path, action: &'static str, source: io::Error) -> OutFileError {
        OutFileError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The disk (or the quota) is full: worth trying again later.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, OutFileError::Io { source, .. } if is_disk_full(source))
    }
}

/// The disk or the user's quota is full (`ENOSPC`, `EDQUOT`), also after
/// the error was rewrapped with a message.
pub fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

impl fmt::Display for OutFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutFileError::Refused { path, reason } => {
                write!(f, "{}: {reason}", path.display())
            }
            OutFileError::Io {
                path,
                action,
                source,
            } if is_disk_full(source) => write!(
                f,
                "{action} {}: the disk is full ({source}); nothing was written under that name; \
                 free some space and run the command again",
                path.display()
            ),
            OutFileError::Io {
                path,
                action,
                source,
            } => write!(f, "{action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for OutFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutFileError::Io { source, .. } => Some(source),
            OutFileError::Refused { .. } => None,
        }
    }
}

/// For writers whose API speaks `io::Error` (the import's rejects file):
/// the message keeps the file name; the kind is kept (`InvalidInput` for a
/// refusal), so a full disk is still recognised ([`is_disk_full`]).
impl From<OutFileError> for io::Error {
    fn from(e: OutFileError) -> io::Error {
        let kind = match &e {
            OutFileError::Refused { .. } => io::ErrorKind::InvalidInput,
            OutFileError::Io { source, .. } => source.kind(),
        };
        io::Error::new(kind, e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, OutFileError>;

/// A file being written: `create` it, write through [`Write`], then
/// [`OutFile::commit`]. Dropped without a commit, nothing appears under
/// the target name and the temporary file is removed.
pub struct OutFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl OutFile {
    /// Starts writing `path`. Refuses a target that exists and is not a
    /// regular file, or whose directory does not exist; removes temporary
    /// files of this target that killed runs left behind.
    pub fn create(path: &Path) -> Result<OutFile> {
        let pid = std::process::id();
        OutFile::create_with_names(path, &mut |name| temporary_name(name, pid, rand::random()))
    }

    /// [`OutFile::create`] with the temporary names given by `next_name`
    /// (called with the target's file name, once per attempt).
    fn create_with_names(
        path: &Path,
        next_name: &mut dyn FnMut(&str) -> String,
    ) -> Result<OutFile> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| OutFileError::Refused {
                path: path.to_path_buf(),
                reason: "not a file name (expected a path such as out/tickets.csv)".into(),
            })?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match std::fs::metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(OutFileError::Refused {
                    path: path.to_path_buf(),
                    reason: format!("{} is not a directory", dir.display()),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(OutFileError::Refused {
                    path: path.to_path_buf(),
                    reason: format!(
                        "the directory {} does not exist (create it first)",
                        dir.display()
                    ),
                })
            }
            Err(e) => return Err(OutFileError::io(&dir, "reading directory", e)),
        }
        check_replaceable(path)?;
        remove_stale_temporaries(&dir, &name);
        let mut last_error = None;
        for _ in 0..NAME_ATTEMPTS {
            let tmp = dir.join(next_name(&name));
            let opened = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&tmp);
            match opened {
                Ok(file) => {
                    return Ok(OutFile {
                        path: path.to_path_buf(),
                        tmp,
                        file: Some(BufWriter::with_capacity(1 << 16, file)),
                    })
                }
                // Something is already there (planted or a coincidence): another name.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
                Err(e) => return Err(OutFileError::io(path, "creating", e)),
            }
        }
        Err(OutFileError::io(
            path,
            "creating",
            last_error.unwrap_or_else(|| io::Error::other("no free temporary name")),
        ))
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An error of writing to this file, naming it.
    pub fn write_error(&self, source: io::Error) -> OutFileError {
        OutFileError::io(&self.path, "writing", source)
    }

    /// Flushes, syncs to disk and renames into place (then syncs the
    /// directory, so the new name survives a crash).
    pub fn commit(mut self) -> Result<()> {
        let writer = self.file.take().expect("an OutFile is committed once");
        let file = writer
            .into_inner()
            .map_err(|e| OutFileError::io(&self.path, "writing", e.into_error()))?;
        file.sync_all()
            .map_err(|e| OutFileError::io(&self.path, "writing", e))?;
        drop(file);
        // Checked again: the target may have been swapped since `create`.
        if let Err(e) = check_replaceable(&self.path) {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(e);
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.path) {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(OutFileError::io(&self.path, "renaming into place", e));
        }
        if let Some(dir) = self.path.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            // Not every file system can sync a directory; the data is safe either way.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

impl OutFile {
    fn writer(&mut self) -> &mut BufWriter<File> {
        self.file.as_mut().expect("not yet committed")
    }
}

impl Drop for OutFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// `.NAME.tmp-PID-RANDOM`: hidden, next to the target, recognisable as
/// ours (and whose) by [`remove_stale_temporaries`].
fn temporary_name(name: &str, pid: u32, random: u64) -> String {
    format!(".{name}.tmp-{pid}-{random:016x}")
}

/// The pid in a temporary name of `name` (also the older `.NAME.tmp-PID`).
fn temporary_owner(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix(".tmp-")?;
    let (pid, random) = match rest.split_once('-') {
        Some((pid, random)) => (pid, Some(random)),
        None => (rest, None),
    };
    if let Some(random) = random {
        if random.is_empty() || !random.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
    }
    pid.parse().ok()
}

/// Refuses a target that exists and is not a regular file.
fn check_replaceable(path: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutFileError::io(path, "checking", e)),
    };
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(OutFileError::Refused {
        path: path.to_path_buf(),
        reason: format!(
            "is {what}; triage only replaces regular files (give the path of a new or regular \
             file; to write to stdout, leave the option out)"
        ),
    })
}

/// Removes temporary files of target `name` in `dir` whose process is
/// gone: regular files (never links) owned by this user. Best effort: a
/// file that cannot be removed is left alone.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| temporary_owner(n, name)) else {
            continue;
        };
        if pid == std::process::id() || process_exists(pid) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if meta.file_type().is_file() && meta.uid() == me {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this pid exists on this machine (also one of
/// another user, which `kill` may not signal).
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_with_their_owner() {
        let tmp = temporary_name("tickets.csv", 4242, 0xdead_beef);
        assert_eq!(tmp, ".tickets.csv.tmp-4242-00000000deadbeef");
        assert_eq!(temporary_owner(&tmp, "tickets.csv"), Some(4242));
        // Written by earlier versions.
        assert_eq!(
            temporary_owner(".tickets.csv.tmp-17", "tickets.csv"),
            Some(17)
        );
        for other in [
            "tickets.csv",
            ".tickets.csv.tmp-",
            ".tickets.csv.tmp-x",
            ".tickets.csv.tmp-1-zz",
            ".other.csv.tmp-1-ab",
            ".tickets.csv.events.csv.tmp-1-ab",
        ] {
            assert_eq!(temporary_owner(other, "tickets.csv"), None, "{other}");
        }
    }

    #[test]
    fn a_link_planted_at_the_temporary_name_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".out.csv.tmp-1-aa")).unwrap();
        let mut names = [".out.csv.tmp-1-aa", ".out.csv.tmp-1-bb"].into_iter();
        let path = dir.path().join("out.csv");
        let mut file =
            OutFile::create_with_names(&path, &mut |_| names.next().unwrap().to_string()).unwrap();
        file.write_all(b"customer data").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "customer data");
    }

    #[test]
    fn written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut file = OutFile::create(&path).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");

        let mut file = OutFile::create(&path).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.csv")]);
    }
}
