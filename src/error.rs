//! The error every command returns, and the exit code each kind maps to:
//! 0 success, 1 bad data or rules (also a database server that refuses
//! us: wrong password, no such database, no permission), 2 usage (clap's,
//! and a flag value triage cannot use), 75 try again later (database busy
//! or unreachable, connection lost, disk full: nothing was written), 70
//! internal error. A closed output pipe is not an error.

use crate::outfile::{self, OutFileError};
use crate::rules::RulesError;
use crate::store::StoreError;

/// Exit code for bad input data or a bad rule file.
pub const EXIT_DATA: u8 = 1;
/// Exit code for a usage error (also what clap uses).
pub const EXIT_USAGE: u8 = 2;
/// Internal error (a bug, or the operating system refusing something).
pub const EXIT_INTERNAL: u8 = 70;
/// Try again later: the database stayed locked by another process for
/// longer than `--wait`, its server is down or lost the connection, or its
/// disk is full (nothing was changed).
pub const EXIT_BUSY: u8 = 75;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: the message says what, where and what was expected.
    #[error("{0}")]
    Data(String),
    /// Bad command-line use that clap could not catch.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", io_message(context, source))]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// An output file (`--out`, `--out-dir`, `--rejects`) refused or failed.
    #[error(transparent)]
    Output(#[from] OutFileError),
    /// Something finished but not everything succeeded (e.g. a notification
    /// failed); the message was already reported.
    #[error("{0}")]
    Partial(String),
}

pub type Result<T> = std::result::Result<T, Error>;

fn io_message(context: &str, source: &std::io::Error) -> String {
    if outfile::is_disk_full(source) {
        format!("{context}: the disk is full ({source}); free some space and run the command again")
    } else {
        format!("{context}: {source}")
    }
}

impl Error {
    /// Puts an output file's name on an error of writing to it.
    pub fn in_file(self, file: &outfile::OutFile) -> Error {
        match self {
            Error::Io { source, .. } => file.write_error(source).into(),
            other => other,
        }
    }

    pub fn data(message: impl Into<String>) -> Error {
        Error::Data(message.into())
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// Whether this is a closed stdout (`triage list | head`), which is success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Data(_) | Error::Rules(_) | Error::Partial(_) => EXIT_DATA,
            Error::Usage(_) => EXIT_USAGE,
            Error::Store(e) if e.is_retryable() => EXIT_BUSY,
            Error::Store(StoreError::NewerSchema { .. } | StoreError::Refused { .. }) => EXIT_DATA,
            Error::Io { source, .. } if outfile::is_disk_full(source) => EXIT_BUSY,
            Error::Output(e) if e.is_disk_full() => EXIT_BUSY,
            Error::Output(OutFileError::Refused { .. }) => EXIT_USAGE,
            Error::Store(_) | Error::Io { .. } | Error::Output(_) => EXIT_INTERNAL,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Error {
        Error::Io {
            context: "writing output".to_string(),
            source,
        }
    }
}
