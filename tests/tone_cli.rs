//! `overdue tone check [--tone friendly|firm|final] [--json] [TEXT]` as a
//! script calls it: text as an argument or on standard input, the flags
//! printed with their category, exit 1 when anything is flagged and 0 when
//! the text is clean. It needs no database and creates none.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn tone(args: &[&str], stdin: Option<&[u8]>) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(overdue_acceptance::bin());
    // A database path that must not come into being.
    cmd.arg("--db").arg(dir.path().join("never.sqlite")).arg("tone").arg("check").args(args);
    cmd.env_remove("OVERDUE_DB").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run overdue");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(b) = stdin {
            input.write_all(b).unwrap();
        }
    }
    (child.wait_with_output().unwrap(), dir)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn flagged_text_exits_1_with_the_category_the_words_and_why() {
    let (o, dir) = tone(&["--tone", "firm", "We will come to your home to collect it."], None);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let s = stdout(&o);
    assert!(s.contains("Threat of harm, a visit or force") && s.contains("\u{201c}come to your home\u{201d}") && s.contains("basis: FDCPA"), "{s}");
    assert!(!dir.path().join("never.sqlite").exists(), "no database is made");
}

#[test]
fn clean_text_exits_0() {
    let (o, _d) = tone(&["--tone", "final", "If you do not pay within 14 days we may pass the debt to a collection agency."], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("clean"), "{}", stdout(&o));
    // The same words in a friendly reminder are premature.
    let (o, _d) = tone(&["If you do not pay within 14 days we may pass the debt to a collection agency."], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Authority or legal steps misstated"), "{}", stdout(&o));
}

#[test]
fn reads_standard_input_and_prints_json() {
    let text = "Sehr geehrte Damen und Herren,\nwenn Sie nicht zahlen, rufen wir die Polizei.\nWe'll be in touch with your customers about this debt.\n";
    let (o, _d) = tone(&["--json", "--tone", "firm"], Some(text.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["clean"], false);
    assert_eq!(v["tone"], "firm");
    let cats: Vec<&str> = v["flags"].as_array().unwrap().iter().map(|f| f["category"].as_str().unwrap()).collect();
    assert_eq!(cats, ["false_consequence", "third_party"], "{v}");
    let f = &v["flags"][1];
    for key in ["category_name", "found", "reason", "basis", "sentence"] {
        assert!(f[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {f}");
    }
    assert_eq!(f["found"], "be in touch with your customers");

    let (o, _d) = tone(&["--json"], Some(b"Thank you for your payment."));
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["clean"], true);
    assert_eq!(v["flags"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let (o, _d) = tone(&["--tone", "angry", "hello"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("angry"));
    let (o, _d) = tone(&[], Some(&[0xff, 0xfe, 0x00, 0x41]));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not UTF-8"), "{}", String::from_utf8_lossy(&o.stderr));
    // Hostile text is only text.
    let (o, _d) = tone(&["--json", "<script>alert('x')</script> you idiot"], None);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["flags"][0]["category"], "humiliation");
}
