//! From a `postgres://` URL to a connection: libpq's URL syntax and the
//! defaults libpq takes from the environment, the password from the URL,
//! `PGPASSWORD` or the password file, TLS as `sslmode` asks, and the
//! location messages print (the URL without its password).

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};

use crate::store::{Result, StoreError};

/// Whether `--db` names a PostgreSQL database rather than a directory.
pub fn is_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The URL without its password (in the user part or a `password=`
/// parameter), for messages.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority_and_path, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match authority_and_path.find('/') {
        Some(i) => authority_and_path.split_at(i),
        None => (authority_and_path, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{user}@{hosts}")
        }
        None => authority.to_string(),
    };
    let mut out = format!("{scheme}://{authority}{path}");
    if let Some(query) = query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("password="))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// The password written in the URL (user part or `password=`), decoded.
pub fn password_in(url: &str) -> Option<String> {
    let config: Config = url.split('?').next()?.parse().ok()?;
    let from_user = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned());
    from_user.or_else(|| {
        url.split_once('?')?
            .1
            .split('&')
            .find_map(|p| p.strip_prefix("password="))
            .map(percent)
    })
}

/// How to verify the server's certificate, beyond what the driver parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verify {
    /// `sslmode=prefer` or `require`: encrypted, the certificate not checked (as libpq).
    None,
    /// `sslmode=verify-ca`: the certificate chains to a trusted root.
    Ca,
    /// `sslmode=verify-full`: and it names the host.
    Full,
}

/// A parsed database URL, ready to connect.
pub struct Target {
    config: Config,
    verify: Verify,
    root_cert: Option<PathBuf>,
    /// The URL without its password.
    pub location: String,
}

fn refused(location: &str, message: String) -> StoreError {
    StoreError::Refused {
        location: location.to_string(),
        message,
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Target {
    /// Parses `url` (libpq URL syntax), filling what it leaves out as libpq
    /// does: `PGHOST` (else the Debian socket directory), `PGPORT`,
    /// `PGUSER` (else the login name), `PGDATABASE`, `PGSSLMODE`,
    /// `PGPASSWORD`, then the password file (`PGPASSFILE`, else
    /// `~/.pgpass`).
    pub fn parse(url: &str) -> Result<Target> {
        let location = without_password(url);
        // The driver knows sslmode disable/prefer/require; libpq's two
        // verifying modes and sslrootcert are taken out and applied here.
        let mut verify = Verify::None;
        let mut root_cert = None;
        let mut sslmode_given = false;
        let cleaned = match url.split_once('?') {
            None => url.to_string(),
            Some((base, query)) => {
                let mut kept = Vec::new();
                for pair in query.split('&').filter(|p| !p.is_empty()) {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    match (key, value) {
                        ("sslmode", "verify-ca") => {
                            verify = Verify::Ca;
                            sslmode_given = true;
                            kept.push("sslmode=require".to_string());
                        }
                        ("sslmode", "verify-full") => {
                            verify = Verify::Full;
                            sslmode_given = true;
                            kept.push("sslmode=require".to_string());
                        }
                        ("sslmode", _) => {
                            sslmode_given = true;
                            kept.push(pair.to_string());
                        }
                        ("sslrootcert", path) => root_cert = Some(PathBuf::from(percent(path))),
                        _ => kept.push(pair.to_string()),
                    }
                }
                if kept.is_empty() {
                    base.to_string()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
        };
        let mut config: Config = cleaned.parse().map_err(|e| {
            refused(
                &location,
                format!(
                    "not a valid PostgreSQL URL ({e}); expected postgres://USER@HOST:PORT/DATABASE \
                     or postgres:///DATABASE?host=/socket/dir"
                ),
            )
        })?;
        if !sslmode_given {
            match env("PGSSLMODE").as_deref() {
                Some("disable") => {
                    config.ssl_mode(SslMode::Disable);
                }
                Some("require") => {
                    config.ssl_mode(SslMode::Require);
                }
                Some("verify-ca") => {
                    config.ssl_mode(SslMode::Require);
                    verify = Verify::Ca;
                }
                Some("verify-full") => {
                    config.ssl_mode(SslMode::Require);
                    verify = Verify::Full;
                }
                _ => {}
            }
        }
        if root_cert.is_none() {
            root_cert = env("PGSSLROOTCERT").map(PathBuf::from);
        }
        if config.get_hosts().is_empty() {
            match env("PGHOST") {
                Some(host) if host.starts_with('/') => {
                    config.host_path(host);
                }
                Some(host) => {
                    config.host(&host);
                }
                None => {
                    config.host_path("/var/run/postgresql");
                }
            }
        }
        if config.get_ports().is_empty() {
            if let Some(port) = env("PGPORT").and_then(|p| p.parse().ok()) {
                config.port(port);
            }
        }
        if config.get_user().is_none() {
            let user = env("PGUSER")
                .or_else(|| env("USER"))
                .or_else(|| env("LOGNAME"))
                .unwrap_or_else(|| "postgres".to_string());
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            if let Some(db) = env("PGDATABASE") {
                config.dbname(&db);
            }
        }
        if config.get_password().is_none() {
            if let Some(password) = env("PGPASSWORD").or_else(|| password_from_file(&config)) {
                config.password(password);
            }
        }
        config.application_name("triage");
        Ok(Target {
            config,
            verify,
            root_cert,
            location,
        })
    }

    /// Connects, waiting at most `wait` for the server to answer, and sets
    /// the session's lock timeout to `wait` (a command that waits longer
    /// for another one gives up with "try again later", as on sled).
    pub fn connect(&self, wait: StdDuration) -> Result<Client> {
        let mut config = self.config.clone();
        if config.get_connect_timeout().is_none() {
            config
                .connect_timeout(wait.clamp(StdDuration::from_secs(1), StdDuration::from_secs(60)));
        }
        // 0 would mean "wait for ever" to PostgreSQL; --wait 0 means "do not wait".
        let lock_ms = wait.as_millis().clamp(1, i32::MAX as u128);
        let mut options = config.get_options().unwrap_or("").to_string();
        if !options.is_empty() {
            options.push(' ');
        }
        options.push_str(&format!("-c lock_timeout={lock_ms}"));
        config.options(&options);
        let over_network = config.get_hosts().iter().any(|h| matches!(h, Host::Tcp(_)));
        let connected = if over_network && config.get_ssl_mode() != SslMode::Disable {
            config.connect(self.tls()?)
        } else {
            // A Unix socket never carries TLS: no connector to build.
            config.connect(NoTls)
        };
        connected.map_err(|e| super::error::connect_error(&self.location, &e))
    }

    fn tls(&self) -> Result<postgres_native_tls::MakeTlsConnector> {
        let mut builder = native_tls::TlsConnector::builder();
        match self.verify {
            Verify::None => {
                builder
                    .danger_accept_invalid_certs(true)
                    .danger_accept_invalid_hostnames(true);
            }
            Verify::Ca => {
                builder.danger_accept_invalid_hostnames(true);
            }
            Verify::Full => {}
        }
        if let Some(path) = &self.root_cert {
            let pem = std::fs::read(path).map_err(|e| {
                refused(
                    &self.location,
                    format!("sslrootcert {}: {e}", path.display()),
                )
            })?;
            let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
                refused(
                    &self.location,
                    format!(
                        "sslrootcert {}: not a PEM certificate ({e})",
                        path.display()
                    ),
                )
            })?;
            builder.add_root_certificate(cert);
        }
        let connector = builder.build().map_err(|e| {
            refused(
                &self.location,
                format!("cannot set up TLS for the connection: {e}"),
            )
        })?;
        Ok(postgres_native_tls::MakeTlsConnector::new(connector))
    }
}

/// Decodes `%XX` escapes (a socket directory in a URL parameter).
fn percent(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The password for this connection from the password file, as libpq
/// reads it: `PGPASSFILE` or `~/.pgpass`, lines
/// `host:port:database:user:password` with `*` matching anything and `\`
/// escaping `:` and `\`; a file others may read is ignored.
fn password_from_file(config: &Config) -> Option<String> {
    let path = env("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    {
        use std::os::unix::fs::PermissionsExt;
        if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let is_socket = matches!(config.get_hosts().first(), Some(Host::Unix(_)));
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or("").to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        let host_ok = matches(&fields[0], &host) || (is_socket && fields[0] == "localhost");
        if host_ok
            && matches(&fields[1], &port)
            && matches(&fields[2], &db)
            && matches(&fields[3], &user)
        {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_location_never_shows_the_password() {
        assert_eq!(
            without_password("postgres://ann:s3cret@db.example:5432/triage?sslmode=require"),
            "postgres://ann@db.example:5432/triage?sslmode=require"
        );
        assert_eq!(
            without_password("postgresql:///triage?host=/tmp/pg&password=x&port=5433"),
            "postgresql:///triage?host=/tmp/pg&port=5433"
        );
        assert_eq!(
            without_password("postgres://ann@host/db"),
            "postgres://ann@host/db"
        );
        assert_eq!(without_password("postgres://a:b:c@h"), "postgres://a@h");
    }

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"host:5432:db:ann:pa\:ss\\word"),
            vec!["host", "5432", "db", "ann", r"pa:ss\word"]
        );
    }

    #[test]
    fn verifying_sslmodes_are_understood() {
        let t =
            Target::parse("postgres://ann@h/db?sslmode=verify-full&sslrootcert=/x/ca.pem").unwrap();
        assert_eq!(t.verify, Verify::Full);
        assert_eq!(t.root_cert.as_deref(), Some(Path::new("/x/ca.pem")));
        assert_eq!(t.config.get_ssl_mode(), SslMode::Require);
        assert!(Target::parse("postgres://h/db?sslmode=bogus").is_err());
        assert_eq!(percent("%2Ftmp%2Fpg"), "/tmp/pg");
    }
}
