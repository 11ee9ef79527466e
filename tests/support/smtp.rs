//! A real SMTP server for the email tests: `smtp_sink.py` (aiosmtpd) on
//! 127.0.0.1, writing each accepted message as JSON (+ its attachments) to a
//! folder. One file, used by the acceptance tests (`tests/support/lib.rs`)
//! and by the core's integration tests (`core/tests/chase.rs`, via #[path]).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    /// Starts the sink; with `auth`, AUTH is required with that user and password.
    pub fn start_with(auth: Option<(&str, &str)>) -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        // The crate running the test is the workspace root or core/.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = ["tests/support/smtp_sink.py", "../tests/support/smtp_sink.py"].iter().map(|p| root.join(p)).find(|p| p.exists()).expect("tests/support/smtp_sink.py");
        let mut cmd = Command::new("python3");
        cmd.arg(script).arg(port.to_string()).arg(dir.path());
        if let Some((u, p)) = auth {
            cmd.args([u, p]);
        }
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("python3 with aiosmtpd (scripts/setup.sh test installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink { child, port, dir }
    }

    pub fn start() -> SmtpSink {
        SmtpSink::start_with(None)
    }

    /// Messages received so far, oldest first.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut v: Vec<(u32, serde_json::Value)> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .map(|e| {
                let n: u32 = e.file_name().to_string_lossy().trim_end_matches(".json").parse().unwrap();
                (n, serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap())
            })
            .collect();
        v.sort_by_key(|(n, _)| *n);
        v.into_iter().map(|(_, m)| m).collect()
    }

    /// Waits up to 15 s for at least `n` messages.
    pub fn wait_for(&self, n: usize) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let m = self.messages();
            if m.len() >= n || Instant::now() > deadline {
                return m;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
