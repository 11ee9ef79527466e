//! The tone check measured: recall and precision on the held-out part of
//! the labelled corpus (never tuned on), overall and per category, beside
//! the training part; and the time to check a 2,000-character letter.
//! `cargo bench -p overdue-domain --bench tone`.

use overdue_domain::tone::{self, eval, Category};
use std::time::Instant;

const CORPUS: &str = include_str!("../tests/tone/corpus.tsv");

fn pct(x: f64) -> String {
    format!("{:5.1}%", x * 100.0)
}

fn print(name: &str, rows: &[&eval::Labelled]) {
    let r = eval::score(rows.iter().copied());
    let aggressive = rows.iter().filter(|r| !r.labels.is_empty()).count();
    println!(
        "{name}: {} sentences ({aggressive} aggressive, {} courteous): recall {}, precision {} ({} missed, {} false alarms)",
        r.sentences,
        r.sentences - aggressive,
        pct(r.overall.recall()),
        pct(r.overall.precision()),
        r.overall.fn_,
        r.overall.fp
    );
    for lang in ["en", "de", "fr"] {
        let of: Vec<&eval::Labelled> = rows.iter().copied().filter(|r| r.lang == lang).collect();
        let l = eval::score(of.iter().copied());
        println!("  {lang}: recall {}, precision {} ({} sentences)", pct(l.overall.recall()), pct(l.overall.precision()), l.sentences);
    }
    for (c, counts) in &r.per_category {
        if counts.tp + counts.fn_ + counts.fp == 0 {
            continue;
        }
        println!(
            "  {:<18} recall {} ({:>2} of {:>2}), precision {}",
            c.id(),
            pct(counts.recall()),
            counts.tp,
            counts.tp + counts.fn_,
            pct(counts.precision())
        );
    }
}

fn main() {
    let rows = eval::parse(CORPUS).expect("the corpus parses");
    let held: Vec<&eval::Labelled> = rows.iter().filter(|r| r.split == "held").collect();
    let train: Vec<&eval::Labelled> = rows.iter().filter(|r| r.split == "train").collect();
    assert_eq!(Category::ALL.len(), 7);
    println!("tone check on the labelled corpus (overall = is an aggressive sentence flagged at all; per category = was that category named)");
    print("held out (never tuned on)", &held);
    print("training", &train);

    // A letter of about 2,000 characters: the shipped final notice, twice, with
    // one aggressive sentence, so every rule family is looked up.
    let d = overdue_domain::template::default_text("final", "letter");
    let mut letter = format!("{}\n{}\n\n{}", d.subject, d.body, d.body);
    letter.push_str("\nIf you do not pay we will tell your customers.");
    while letter.chars().count() < 2_000 {
        letter.push_str(" Please get in touch if you would like to agree a plan.");
    }
    let letter: String = letter.chars().take(2_000).collect();
    let first = Instant::now();
    let flags = tone::check(&letter, "final");
    let cold = first.elapsed();
    let runs = 2_000;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(tone::check(std::hint::black_box(&letter), "final"));
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "a 2,000-character letter ({} flag{}): median {:.0} µs, 95th percentile {:.0} µs over {runs} runs; first check {:.1} ms (builds the rule index once)",
        flags.len(),
        if flags.len() == 1 { "" } else { "s" },
        times[runs / 2].as_secs_f64() * 1e6,
        times[runs * 95 / 100].as_secs_f64() * 1e6,
        cold.as_secs_f64() * 1e3
    );
}
