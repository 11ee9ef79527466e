//! The tone check against its labelled corpus. The training part must be
//! right sentence by sentence (the rules were tuned on it); the held-out
//! part is never tuned on, and is measured by `cargo bench -p
//! overdue-domain --bench tone`, not asserted here.

use overdue_domain::tone::eval;

const CORPUS: &str = include_str!("tone/corpus.tsv");

#[test]
fn the_corpus_is_big_enough_and_well_formed() {
    let rows = eval::parse(CORPUS).expect("corpus parses");
    assert!(rows.len() >= 400, "{} sentences", rows.len());
    for lang in ["en", "de", "fr"] {
        let n = rows.iter().filter(|r| r.lang == lang).count();
        let bad = rows.iter().filter(|r| r.lang == lang && !r.labels.is_empty()).count();
        assert!(n >= 100 && bad >= 40 && n - bad >= 40, "{lang}: {n} sentences, {bad} aggressive");
    }
    let held = rows.iter().filter(|r| r.split == "held").count();
    assert!(held >= 120, "{held} held out");
}

#[test]
fn every_training_sentence_is_judged_as_labelled() {
    let rows = eval::parse(CORPUS).unwrap();
    let report = eval::score(rows.iter().filter(|r| r.split == "train"));
    let lines: Vec<String> = report
        .misses
        .iter()
        .map(|m| format!("[{} {}] want {:?} got {:?}: {}", m.row.lang, m.row.tone, m.row.labels, m.got, m.row.text))
        .collect();
    assert!(lines.is_empty(), "{} of {} wrong:\n{}", lines.len(), report.sentences, lines.join("\n"));
}
