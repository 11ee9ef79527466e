//! Scores the check against a labelled corpus: recall and precision
//! overall (is an aggressive sentence flagged at all; is a flagged
//! sentence really aggressive) and per category (was the right category
//! named). Used by the corpus test and the benchmark.

use super::{check, Category};

/// One labelled sentence.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub split: String,
    pub lang: String,
    pub tone: String,
    /// Expected category ids; empty = courteous.
    pub labels: Vec<String>,
    pub text: String,
}

/// Reads the corpus format: tab-separated split, lang, tone, labels, text;
/// `#` lines and the header are skipped.
pub fn parse(tsv: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("split\t") {
            continue;
        }
        let f: Vec<&str> = line.splitn(5, '\t').collect();
        if f.len() != 5 {
            return Err(format!("line {}: expected 5 tab-separated fields", n + 1));
        }
        let labels: Vec<String> = if f[3] == "ok" { vec![] } else { f[3].split('+').map(str::to_string).collect() };
        if let Some(bad) = labels.iter().find(|l| Category::from_id(l).is_none()) {
            return Err(format!("line {}: unknown category {bad}", n + 1));
        }
        out.push(Labelled { split: f[0].into(), lang: f[1].into(), tone: f[2].into(), labels, text: f[4].into() });
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
}

/// A sentence the check got wrong, and what it said.
#[derive(Debug, Clone)]
pub struct Miss {
    pub row: Labelled,
    pub got: Vec<&'static str>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub sentences: usize,
    pub overall: Counts,
    pub per_category: Vec<(Category, Counts)>,
    pub misses: Vec<Miss>,
}

/// Scores rows (already filtered to a split).
pub fn score<'a>(rows: impl IntoIterator<Item = &'a Labelled>) -> Report {
    let mut r = Report { per_category: Category::ALL.iter().map(|c| (*c, Counts::default())).collect(), ..Default::default() };
    for row in rows {
        r.sentences += 1;
        let mut got: Vec<&'static str> = check(&row.text, &row.tone).into_iter().map(|f| f.category).collect();
        got.dedup();
        let aggressive = !row.labels.is_empty();
        match (aggressive, !got.is_empty()) {
            (true, true) => r.overall.tp += 1,
            (true, false) => r.overall.fn_ += 1,
            (false, true) => r.overall.fp += 1,
            (false, false) => {}
        }
        let mut wrong = aggressive != !got.is_empty();
        for (c, counts) in r.per_category.iter_mut() {
            let want = row.labels.iter().any(|l| l == c.id());
            let have = got.contains(&c.id());
            match (want, have) {
                (true, true) => counts.tp += 1,
                (true, false) => {
                    counts.fn_ += 1;
                    wrong = true
                }
                (false, true) => counts.fp += 1,
                (false, false) => {}
            }
        }
        if wrong {
            r.misses.push(Miss { row: row.clone(), got });
        }
    }
    r
}
