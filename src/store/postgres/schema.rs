//! The tables in schema `triage`, created by triage itself on first use
//! and migrated from older versions; the version is recorded in
//! `triage.info`, and a newer one is refused.

/// Version of the PostgreSQL schema this build writes.
pub const VERSION: u32 = 1;

/// Statements that create schema version 1, in order.
pub const CREATE: &str = r#"
CREATE SCHEMA IF NOT EXISTS triage;

-- One row: the schema version and the id counter. A command that creates
-- tickets updates next_id and holds the row lock until it commits, so
-- ids are dense: a command that rolls back gives its ids back.
CREATE TABLE triage.info (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    schema_version integer NOT NULL,
    next_id bigint NOT NULL CHECK (next_id >= 1)
);
INSERT INTO triage.info (schema_version, next_id) VALUES (1, 1);

-- A ticket. `doc` is the whole ticket as `triage show --format json`
-- prints it (times to the nanosecond): what every command reads. The
-- other columns are derived from it when it is written, for the indexes
-- and for people querying with SQL; `triage doctor` checks they agree.
CREATE TABLE triage.tickets (
    id bigint PRIMARY KEY CHECK (id >= 1),
    source text,
    external_id text,
    status text NOT NULL,
    priority text NOT NULL,
    channel text NOT NULL,
    category text,
    team text,
    assignee text,
    -- Normalised customer keys (see store::customer_keys) for dedup.
    email_key text,
    phone_key text,
    customer_key text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    -- Number of events in the ticket's audit log.
    history_len integer NOT NULL CHECK (history_len >= 0),
    -- Digest of the import row last applied (a re-import shortcut).
    import_digest bigint,
    -- Not trashed, and not resolved or closed.
    active boolean NOT NULL,
    trashed boolean NOT NULL DEFAULT false,
    doc json NOT NULL
);
-- A source + external id belongs to one live ticket; a trashed ticket
-- leaves its ids free, as it leaves every list.
CREATE UNIQUE INDEX tickets_external ON triage.tickets (source, external_id) WHERE NOT trashed;
CREATE INDEX tickets_active ON triage.tickets (id) WHERE active;
CREATE INDEX tickets_assignee ON triage.tickets (assignee, id) WHERE active;
CREATE INDEX tickets_email ON triage.tickets (email_key) WHERE email_key IS NOT NULL AND NOT trashed;
CREATE INDEX tickets_phone ON triage.tickets (phone_key) WHERE phone_key IS NOT NULL AND NOT trashed;
CREATE INDEX tickets_customer ON triage.tickets (customer_key) WHERE customer_key IS NOT NULL AND NOT trashed;
CREATE INDEX tickets_trashed ON triage.tickets (id) WHERE trashed;

-- The append-only audit log. `at` is to the microsecond (PostgreSQL's
-- precision); at_nanos is the exact nanosecond of its second, so a time
-- reads back as it was written. No foreign key to tickets: its check is
-- a locking lookup per inserted event, which would halve import speed;
-- triage writes a ticket and its events in one transaction, and
-- `triage doctor` reports events without a ticket.
CREATE TABLE triage.events (
    ticket bigint NOT NULL,
    seq integer NOT NULL CHECK (seq >= 1),
    at timestamptz NOT NULL,
    at_nanos integer NOT NULL CHECK (at_nanos >= 0 AND at_nanos < 1000000000),
    actor text NOT NULL,
    kind text NOT NULL,
    from_value text,
    to_value text,
    note text,
    PRIMARY KEY (ticket, seq)
);

-- The report summary of each live ticket (see src/summary.rs), written
-- with the ticket, in a compact binary form (src/store/postgres/codec.rs)
-- that one sequential scan reads for every report.
CREATE TABLE triage.summaries (
    ticket bigint PRIMARY KEY,
    data bytea NOT NULL
);

-- Per-agent state: status override, last assignment, overload flag, history.
CREATE TABLE triage.agents (
    agent text PRIMARY KEY,
    state json NOT NULL
);

-- Records triage does not interpret, carried by backups byte for byte
-- (for instance from a sled database's other trees).
CREATE TABLE triage.raw (
    tree text NOT NULL,
    key bytea NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (tree, key)
);
"#;

/// Statements that take a database from version `n` to `n + 1`, for
/// `n` from 1: empty while there is only version 1.
pub const MIGRATIONS: &[&str] = &[];
