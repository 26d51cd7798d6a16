//! What a PostgreSQL error means for the user: one line naming the server
//! (never the password), and whether running the command again may help.
//!
//! - The server cannot be reached, is starting or shutting down, dropped
//!   the connection, ran out of connections or disk, or the command lost a
//!   race (deadlock, a lock held longer than `--wait`): [`StoreError::Unavailable`],
//!   exit 75. The transaction was rolled back: nothing was written.
//! - Wrong password, no such database or role, permission denied:
//!   [`StoreError::Refused`], exit 1; the message says what to fix.
//! - Anything else is the engine failing: [`StoreError::Engine`], exit 70.

use postgres::error::SqlState;

use crate::store::StoreError;

fn unavailable(location: &str, message: String) -> StoreError {
    StoreError::Unavailable {
        location: location.to_string(),
        message,
    }
}

fn refused(location: &str, message: String) -> StoreError {
    StoreError::Refused {
        location: location.to_string(),
        message,
    }
}

/// The error of a connection attempt.
pub fn connect_error(location: &str, e: &postgres::Error) -> StoreError {
    if e.as_db_error().is_some() {
        return query_error(location, e);
    }
    let detail = source_text(e);
    unavailable(
        location,
        format!(
            "cannot connect to the server ({detail}): is PostgreSQL running and reachable there? \
             nothing was changed; try again later"
        ),
    )
}

/// The innermost cause of an error, which names what went wrong at the
/// socket (connection refused, no such file, timed out).
fn source_text(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cause {
        text = c.to_string();
        cause = c.source();
    }
    text
}

/// The error of a statement.
pub fn query_error(location: &str, e: &postgres::Error) -> StoreError {
    let Some(db) = e.as_db_error() else {
        if e.is_closed() || std::error::Error::source(e).is_some() {
            return unavailable(
                location,
                format!(
                    "lost the connection to the server ({}): the command was rolled back, \
                     nothing was written; try again later",
                    source_text(e)
                ),
            );
        }
        return StoreError::Engine {
            location: location.to_string(),
            message: e.to_string(),
        };
    };
    let code = db.code();
    let message = db.message();
    let class = &code.code()[..2];
    if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
    {
        return refused(
            location,
            format!(
                "the server refused the login ({message}): check the user and the password \
                 (in the URL, PGPASSWORD or ~/.pgpass)"
            ),
        );
    }
    if *code == SqlState::INVALID_CATALOG_NAME {
        return refused(
            location,
            format!(
                "{message}: create it first (createdb NAME, or CREATE DATABASE) and give the URL its name"
            ),
        );
    }
    if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        return refused(
            location,
            format!(
                "permission denied ({message}): the role needs to read and write triage's tables \
                 (and to create the schema `triage` the first time)"
            ),
        );
    }
    if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
        return refused(
            location,
            format!(
                "the server is read-only ({message}): a standby serves reports, lists and \
                 exports; run commands that change tickets against the primary"
            ),
        );
    }
    if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED {
        return unavailable(
            location,
            format!(
                "another triage command changed the same tickets at the same moment ({message}): \
                 this one was rolled back, nothing was written; run it again"
            ),
        );
    }
    if *code == SqlState::LOCK_NOT_AVAILABLE {
        return unavailable(
            location,
            "database busy: another triage command held what this one needs for longer than \
             --wait; nothing was written (raise --wait, or retry later)"
                .to_string(),
        );
    }
    if *code == SqlState::DISK_FULL {
        return unavailable(
            location,
            format!(
                "the server's disk is full ({message}): the change was not written; \
                 free some space there and run the command again"
            ),
        );
    }
    // 08: connection exception; 53: insufficient resources (too many
    // connections, out of memory); 57P01-03: shutting down, starting up.
    if class == "08" || class == "53" || class == "57" {
        return unavailable(
            location,
            format!("the server cannot serve the command now ({message}): nothing was written; try again later"),
        );
    }
    StoreError::Engine {
        location: location.to_string(),
        message: format!("{message} (SQLSTATE {})", code.code()),
    }
}
