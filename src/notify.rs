//! Delivering notifications as the rule file's `notify` section says: run a
//! command (an argv list, never a shell string) that receives one event as
//! JSON on stdin and as `TRIAGE_*` environment variables, and/or append the
//! event as one line to a JSON Lines file.
//!
//! The command runs in its own process group with stdin, stdout and stderr
//! piped; its stdout is discarded, the tail of its stderr explains a
//! failure. It may run `notify.timeout` (default 10 s); then the whole
//! group is killed and the notification counts as failed. A non-zero exit,
//! death by a signal, a program that cannot be started and a JSON Lines
//! file that cannot be written are failures too. Callers run this after
//! the database is closed, so the command may call `triage` itself.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration as StdDuration, Instant};

use crate::rules::NotifySpec;

/// How much of the command's stderr is kept to explain a failure.
const STDERR_TAIL: usize = 400;

/// One notification: the JSON document and the environment variables that
/// go with it.
#[derive(Clone, Debug)]
pub struct Message {
    pub payload: serde_json::Value,
    pub env: Vec<(String, String)>,
}

/// Where notifications go, resolved once per run.
pub struct Notifier {
    command: Vec<String>,
    jsonl: Option<PathBuf>,
    timeout: StdDuration,
    /// Variables every command gets (the database and rule file in use).
    common_env: Vec<(String, String)>,
}

/// Relative paths in the rule file are read from the rule file's directory
/// (the working directory for the embedded rules), so a cron job finds them.
fn resolve(base: Option<&Path>, path: &str) -> PathBuf {
    let p = PathBuf::from(path);
    match base {
        Some(dir) if p.is_relative() => dir.join(p),
        _ => p,
    }
}

impl Notifier {
    /// `base` is the directory of the rule file, if it is a file.
    pub fn new(
        spec: &NotifySpec,
        base: Option<&Path>,
        common_env: Vec<(String, String)>,
    ) -> Notifier {
        let mut command = spec.command.clone();
        // A program named by a relative path (`./notify.sh`, `bin/page`)
        // lives next to the rule file; a bare name is looked up on PATH.
        if let Some(program) = command.first_mut() {
            if program.contains('/') {
                *program = resolve(base, program).to_string_lossy().into_owned();
            }
        }
        Notifier {
            command,
            jsonl: spec.jsonl.as_deref().map(|p| resolve(base, p)),
            timeout: StdDuration::from_secs(spec.timeout.secs().max(0) as u64),
            common_env,
        }
    }

    /// Whether the rule file names a command or a JSON Lines file.
    pub fn is_configured(&self) -> bool {
        !self.command.is_empty() || self.jsonl.is_some()
    }

    /// Delivers each message (JSON Lines first, then the command), in order.
    /// Returns one result per message; an error says what failed.
    pub fn send_all(&self, messages: &[Message]) -> Vec<Result<(), String>> {
        let mut jsonl: Option<Result<File, String>> = self.jsonl.as_ref().map(|path| {
            OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| format!("JSON Lines file {}: {e}", path.display()))
        });
        messages
            .iter()
            .map(|m| {
                let mut errors = Vec::new();
                if let Some(file) = &mut jsonl {
                    let written = match file {
                        Ok(f) => {
                            let mut line = m.payload.to_string();
                            line.push('\n');
                            // One write per line: appends from concurrent runs do not interleave.
                            f.write_all(line.as_bytes()).map_err(|e| {
                                format!(
                                    "JSON Lines file {}: {e}",
                                    self.jsonl.as_ref().expect("set").display()
                                )
                            })
                        }
                        Err(e) => Err(e.clone()),
                    };
                    if let Err(e) = written {
                        errors.push(e);
                    }
                }
                if !self.command.is_empty() {
                    let mut env = self.common_env.clone();
                    env.extend(m.env.iter().cloned());
                    let input = m.payload.to_string();
                    if let Err(e) = run_command(&self.command, input.as_bytes(), &env, self.timeout)
                    {
                        errors.push(e);
                    }
                }
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(errors.join("; "))
                }
            })
            .collect()
    }
}

/// Reads a pipe to its end on a thread, keeping the last `keep` bytes.
fn drain(mut pipe: impl Read + Send + 'static, keep: usize) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tail = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    tail.extend_from_slice(&buf[..n]);
                    if tail.len() > keep {
                        tail.drain(..tail.len() - keep);
                    }
                }
            }
        }
        let _ = tx.send(tail);
    });
    rx
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => "failed".to_string(),
    }
}

fn kill_group(child: &mut Child) {
    // The child leads its own process group, so this also stops whatever it
    // started (a shell script's `curl`), which would otherwise keep running.
    if let Ok(pid) = i32::try_from(child.id()) {
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

/// Runs `argv` with `input` on stdin and `env` added to the environment,
/// waiting at most `timeout`. `Ok` when it exits with status 0.
pub fn run_command(
    argv: &[String],
    input: &[u8],
    env: &[(String, String)],
    timeout: StdDuration,
) -> Result<(), String> {
    let Some((program, args)) = argv.split_first() else {
        return Err("notify.command is empty".to_string());
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    for (k, v) in env {
        // An environment value cannot hold NUL; ticket text could.
        command.env(k, v.replace('\0', ""));
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run notify command {program:?}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_vec();
        // A thread, so a command that never reads stdin cannot block us; the
        // write fails (broken pipe) once it exits, and the thread ends.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let _stdout = child.stdout.take().map(|p| drain(p, 0));
    let stderr = child.stderr.take().map(|p| drain(p, STDERR_TAIL));

    let started = Instant::now();
    let mut pause = StdDuration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(e) => {
                kill_group(&mut child);
                let _ = child.wait();
                return Err(format!("notify command {program:?}: {e}"));
            }
        }
        let waited = started.elapsed();
        if waited >= timeout {
            kill_group(&mut child);
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(pause.min(timeout - waited));
        pause = (pause * 2).min(StdDuration::from_millis(20));
    };
    let Some(status) = status else {
        return Err(format!(
            "notify command {program:?} timed out after {}s and was killed",
            timeout.as_secs_f64()
        ));
    };
    if status.success() {
        return Ok(());
    }
    // Whatever the command still holds open (a background child) must not
    // keep us waiting for its stderr.
    let tail = stderr
        .and_then(|rx| rx.recv_timeout(StdDuration::from_millis(200)).ok())
        .map(|bytes| {
            String::from_utf8_lossy(&bytes)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let mut message = format!("notify command {program:?}: {}", describe(status));
    if !tail.is_empty() {
        message.push_str(": ");
        message.push_str(&tail);
    }
    Err(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["/bin/sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn stdin_and_environment_reach_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let script = format!("cat > {0}; echo \"$TRIAGE_X\" >> {0}", out.display());
        run_command(
            &sh(&script),
            b"{\"a\":1}",
            &[("TRIAGE_X".into(), "hello".into())],
            StdDuration::from_secs(10),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(out).unwrap(), "{\"a\":1}hello\n");
    }

    #[test]
    fn failure_reports_status_and_stderr() {
        let err = run_command(
            &sh("echo 'no route to pager' >&2; exit 3"),
            b"",
            &[],
            StdDuration::from_secs(10),
        )
        .unwrap_err();
        assert!(err.contains("exit status 3: no route to pager"), "{err}");
        let err = run_command(
            &["/nonexistent/notify".into()],
            b"",
            &[],
            StdDuration::from_secs(1),
        )
        .unwrap_err();
        assert!(err.contains("cannot run"), "{err}");
    }

    #[test]
    fn a_hanging_command_and_its_children_are_killed() {
        let started = Instant::now();
        let err = run_command(
            &sh("sleep 30 & sleep 30"),
            b"",
            &[],
            StdDuration::from_millis(300),
        )
        .unwrap_err();
        assert!(err.contains("timed out"), "{err}");
        assert!(started.elapsed() < StdDuration::from_secs(5));
    }

    #[test]
    fn a_command_that_ignores_a_large_stdin_does_not_block() {
        let big = vec![b'x'; 1 << 20];
        run_command(&sh("exit 0"), &big, &[], StdDuration::from_secs(10)).unwrap();
    }
}
