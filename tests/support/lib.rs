//! Helpers for the acceptance tests: the real `overdue` binary (built once per
//! test process), its CLI, and its real window driven through tauri-driver +
//! WebKitWebDriver under a private Xvfb display.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod smtp;
pub use smtp::SmtpSink;
pub use thirtyfour;
use thirtyfour::prelude::*;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `overdue` binary, rebuilt if its sources changed (a no-op otherwise).
pub fn bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // A benchmark points this at a release build.
        if let Some(p) = std::env::var_os("OVERDUE_APP_BIN") {
            return PathBuf::from(p);
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            // --workspace, like `cargo test --workspace`: the same feature
            // resolution, so the Tauri stack is compiled once, not twice.
            .args(["build", "--quiet", "--workspace"])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build --workspace");
        assert!(status.success(), "building the overdue binary failed");
        let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
        let p = target.join("debug").join("overdue");
        assert!(p.exists(), "{} is missing", p.display());
        p
    })
    .clone()
}

/// Runs `overdue --db DB --today TODAY ARGS…` with no OVERDUE_* variables leaking in.
pub fn cli(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["--today", today])
        .args(args)
        .env_remove("OVERDUE_DB")
        .env_remove("OVERDUE_TODAY")
        .output()
        .expect("run overdue")
}

/// Runs the CLI, asserts success and returns stdout.
pub fn cli_ok(db: &Path, today: &str, args: &[&str]) -> String {
    let out = cli(db, today, args);
    assert!(
        out.status.success(),
        "overdue {args:?} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

pub fn cli_json(db: &Path, today: &str, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let s = cli_ok(db, today, &a);
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("overdue {args:?} printed no JSON ({e}): {s}"))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Where screenshots go: target/screenshots/ (look at them).
pub fn screenshot_dir() -> PathBuf {
    let d = workspace_root().join("target").join("screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The app in its real window, driven by WebDriver. Stop it with `stop()`;
/// dropping it also cleans up (tauri-driver gets SIGTERM, never SIGKILL).
pub struct Gui {
    pub driver: Option<WebDriver>,
    display: String,
    xvfb: Option<Child>,
    tauri_driver: Option<Child>,
    /// One window at a time in a test process (tests in one file run in
    /// parallel; two windows at once raced for ports and the two cores).
    /// Released after the window and its drivers are gone.
    _one: tokio::sync::OwnedMutexGuard<()>,
}

fn one_window() -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static ONE: OnceLock<std::sync::Arc<tokio::sync::Mutex<()>>> = OnceLock::new();
    ONE.get_or_init(|| std::sync::Arc::new(tokio::sync::Mutex::new(()))).clone()
}

impl Gui {
    /// Opens the app on `db` with `--today today`. `env` is passed to the app.
    pub async fn start(db: &Path, today: &str, env: &[(&str, &str)]) -> Gui {
        let one = one_window().lock_owned().await;
        let app = bin();
        for tool in ["Xvfb", "tauri-driver", "WebKitWebDriver"] {
            assert!(
                which(tool).is_some(),
                "{tool} is not installed: run scripts/test.sh (it installs xvfb, webkit2gtk-driver and tauri-driver)"
            );
        }
        // A private display: Xvfb picks a free number and tells us on fd 1.
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().unwrap()).read_line(&mut line).expect("Xvfb display number");
        let display = format!(":{}", line.trim());
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(which("tauri-driver").unwrap());
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &display)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("GDK_BACKEND", "x11")
            .env_remove("OVERDUE_DB")
            .env_remove("OVERDUE_TODAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let tauri_driver = cmd.spawn().expect("start tauri-driver");
        let mut gui = Gui { driver: None, display: display.clone(), xvfb: Some(xvfb), tauri_driver: Some(tauri_driver), _one: one };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not answer on port {port}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = Capabilities::new();
        caps.set(
            "tauri:options",
            serde_json::json!({
                "application": app.display().to_string(),
                "args": ["--db", db.display().to_string(), "--today", today],
            }),
        )
        .unwrap();
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.expect("WebDriver session with the app");
        gui.driver = Some(driver);
        gui
    }

    pub fn d(&self) -> &WebDriver {
        self.driver.as_ref().unwrap()
    }

    /// Waits up to 15 s for an element matching `css`.
    pub async fn wait(&self, css: &str) -> WebElement {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(el) = self.d().find(By::Css(css)).await {
                if el.is_displayed().await.unwrap_or(false) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                let _ = self.shot("timeout").await;
                panic!("no visible element '{css}' after 15 s (see target/screenshots/timeout.png)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `css`'s text satisfies `pred`; returns the text.
    pub async fn wait_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        loop {
            if let Some(t) = self.inner_text(css).await {
                if pred(&t) {
                    return t;
                }
                last = t;
            }
            if Instant::now() > deadline {
                let _ = self.shot("timeout").await;
                panic!("'{css}' never had the expected text; last seen: {last:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await;
        self.inner_text(css).await.unwrap_or_default()
    }

    /// The element's rendered text (`innerText`): what a person reads,
    /// including text cut short with an ellipsis, which WebKitWebDriver's
    /// own element text leaves out. None while there is no such element.
    async fn inner_text(&self, css: &str) -> Option<String> {
        let q = serde_json::to_string(css).unwrap();
        let v = self.d().execute(&format!("const e = document.querySelector({q}); return e ? e.innerText : null;"), vec![]).await.ok()?;
        v.json().as_str().map(|s| s.trim().to_string())
    }

    pub async fn click(&self, css: &str) {
        self.wait(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.d().execute(script, Vec::new()).await.expect("script").json().clone()
    }

    /// Sets an input's value as typing would (input and change events).
    pub async fn set_value(&self, id: &str, value: &str) {
        let v = serde_json::to_string(value).unwrap();
        self.js(&format!(
            "const e = document.getElementById('{id}'); e.value = {v}; e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change')); return true;"
        ))
        .await;
    }

    /// Waits up to 15 s for `script` to return true.
    pub async fn wait_js(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.js(script).await == serde_json::Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.shot("timeout").await;
                panic!("timed out waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A picture of the window as a person sees it, taken from the X display
    /// (WebKitWebDriver's own screenshot can stall for minutes on a page
    /// that is not repainting).
    pub async fn shot(&self, name: &str) -> PathBuf {
        let p = screenshot_dir().join(format!("{name}.png"));
        let r = self.d().get_window_rect().await.expect("window rect");
        let crop = format!("{}x{}+{}+{}", r.width, r.height, r.x.max(0), r.y.max(0));
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root", "-crop", &crop, "+repage"])
            .arg(&p)
            .status()
            .expect("imagemagick's import (installed by scripts/test.sh)");
        assert!(status.success(), "screenshot {name} failed");
        p
    }

    pub async fn stop(mut self) {
        if let Some(d) = self.driver.take() {
            let _ = d.quit().await;
        }
        self.cleanup();
    }

    fn cleanup(&mut self) {
        if let Some(mut td) = self.tauri_driver.take() {
            let _ = Command::new("kill").args(["-TERM", &td.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = td.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = td.try_wait();
        }
        if let Some(mut x) = self.xvfb.take() {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}

impl Drop for Gui {
    fn drop(&mut self) {
        self.cleanup();
    }
}

pub fn which(tool: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(tool)).find(|p| p.is_file())
}

/// Through the CLI: agree a monthly plan with `client`, write the agreement,
/// record a signed copy (a PDF beside the database) and countersign it on
/// `today`. Returns the active agreement as JSON.
pub fn active_agreement(db: &Path, today: &str, client: &str) -> serde_json::Value {
    cli_json(db, today, &["negotiate", "agree", "--client", client, "--option", "plan_monthly"]);
    let d = cli_json(db, today, &["agreement", "draft", "--client", client]);
    let id = d["agreement"]["id"].as_i64().unwrap().to_string();
    let scan = db.with_file_name("signed-scan.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n%%EOF\n").unwrap();
    cli_json(db, today, &["agreement", "sign", "--id", &id, "--file", scan.to_str().unwrap(), "--date", today]);
    let a = cli_json(db, today, &["agreement", "countersign", "--id", &id, "--date", today]);
    assert_eq!(a["status"], "active");
    a
}
