//! Runs `wattdesk-cli` as a user would and reads what it prints.
#![allow(dead_code, clippy::unwrap_used)]

pub use whatwatt_sim::testkit::*;

use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

pub const CLI: &str = env!("CARGO_BIN_EXE_wattdesk-cli");

/// A running `wattdesk-cli` whose standard output is read line by line as JSON.
pub struct Running {
    pub child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Running {
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Running {
        let mut child = Command::new(CLI)
            .args(args)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Running { child, lines }
    }

    /// The next NDJSON line (fails the test when the output ends).
    pub async fn next(&mut self) -> serde_json::Value {
        let line = self.lines.next_line().await.unwrap().expect("more output");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }

    /// Lines up to and including the first for which `want` holds, within `secs`.
    pub async fn until(
        &mut self,
        secs: u64,
        what: &str,
        want: impl Fn(&serde_json::Value) -> bool,
    ) -> Vec<serde_json::Value> {
        within(secs, what, async {
            let mut seen = Vec::new();
            loop {
                let v = self.next().await;
                let done = want(&v);
                seen.push(v);
                if done {
                    return seen;
                }
            }
        })
        .await
    }
}

/// Runs a prepared `wattdesk-cli` command to its end: exit code, standard output, standard error.
pub async fn output(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().await.unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
